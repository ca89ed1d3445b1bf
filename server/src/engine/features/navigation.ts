/**
 * Between INF registrations and C entry points: go-to-definition from the entry name an INF registers
 * (`"dll,Entry"` in Installer32 / CoInstallers32) to the C function, and find-references from a C entry
 * point to the INF lines that register it. Export names are case-sensitive, so names match exactly.
 */
import { listInstallerRegistrations, type InstallerRegistration } from '../inf';
import type { InfModel } from '../inf/model';
import type { EntryPointSummary, Position } from '../types';
import { rangeContains } from './context';

/** The registration whose entry name (or, for a default entry point, whose string) is at the position. */
export function registrationAt(inf: InfModel, position: Position): InstallerRegistration | undefined {
  return listInstallerRegistrations(inf).find((r) => rangeContains(r.entryRange, position));
}

/**
 * The entry points a registration names, those of the registered role first (a class installer
 * registered as a co-installer is still worth jumping to: inf-entry-point-kind reports the mismatch).
 */
export function definitionsOf<T extends { entryPoint: EntryPointSummary }>(registration: InstallerRegistration, candidates: T[]): T[] {
  const named = candidates.filter((c) => c.entryPoint.name === registration.entryPoint);
  return [...named.filter((c) => c.entryPoint.kind === registration.role), ...named.filter((c) => c.entryPoint.kind !== registration.role)];
}

/** The entry point whose name is at the position in a C/C++ file. */
export function entryPointAt(entryPoints: EntryPointSummary[], position: Position): EntryPointSummary | undefined {
  return entryPoints.find((ep) => rangeContains(ep.range, position));
}

/** Every registration in an INF that names the entry point. */
export function registrationsOf(inf: InfModel, entryPointName: string): InstallerRegistration[] {
  return listInstallerRegistrations(inf).filter((r) => r.entryPoint === entryPointName);
}
