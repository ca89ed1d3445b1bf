/**
 * The install structure of an INF: [Manufacturer] -> Models sections -> DDInstall sections (and their
 * platform-decorated variants), [ClassInstall32] and its variants, DDInstall.CoInstallers sections.
 * Follows the WDK pages "INF Manufacturer Section", "INF Models Section", "INF DDInstall.CoInstallers
 * Section" and "INF ClassInstall32 Section".
 */
import { CLASS_INSTALL_SECTION, COINSTALLERS_SECTION_SUFFIX, PLATFORM_DECORATIONS } from '../catalogue';
import type { InfModel, InfSection, InfValue } from './model';
import { existingPlatformVariants, infIndex, splitPlatform, type InfIndex } from './query';

export interface ModelEntry {
  modelsSection: string;
  /** The install-section-name field of the models line. */
  installSection: InfValue;
}

/** Models sections named by [Manufacturer], with every decorated variant that exists. */
export function modelsSections(index: InfIndex): string[] {
  const out: string[] = [];
  for (const entry of index.entries('Manufacturer')) {
    // %Mfg% = models-section-name[,TargetOSVersion]...   or just   models-section-name
    const [name, ...decorations] = entry.values.map((v) => v.text.trim());
    if (!name) continue;
    const candidates = [name, ...decorations.filter(Boolean).map((d) => `${name}.${d}`)];
    for (const candidate of candidates) {
      if (index.has(candidate) && !out.some((o) => o.toLowerCase() === candidate.toLowerCase())) out.push(index.first(candidate)!.name);
    }
  }
  return out;
}

export function modelEntries(index: InfIndex): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const modelsSection of modelsSections(index)) {
    for (const entry of index.entries(modelsSection)) {
      const installSection = entry.values[0];
      if (installSection && installSection.text.trim()) out.push({ modelsSection, installSection });
    }
  }
  return out;
}

/** A DDInstall section name without platform decoration, with the sections that exist for it. */
export interface DDInstallFamily {
  base: string;
  /** Existing sections among base, base.NT, base.NTx86, ... in that order. */
  variants: string[];
  /** For each variant, its .CoInstallers sections (undefined: none). */
  coInstallers: Map<string, InfSection | undefined>;
  /** Models lines that install it (empty when only .CoInstallers sections reveal it). */
  models: ModelEntry[];
}

/**
 * Every DDInstall family: those the models sections name, and those that only a
 * "<base>[.decoration].CoInstallers" section reveals (an INF whose [Manufacturer] is elsewhere or broken).
 */
export function ddInstallFamilies(model: InfModel): DDInstallFamily[] {
  const index = infIndex(model);
  const families = new Map<string, DDInstallFamily>();
  const family = (base: string) => {
    const key = base.toLowerCase();
    let f = families.get(key);
    if (!f) {
      const variants = existingPlatformVariants(index, base);
      const coInstallers = new Map(variants.map((v) => [v, index.first(`${v}.${COINSTALLERS_SECTION_SUFFIX}`)] as const));
      f = { base, variants, coInstallers, models: [] };
      families.set(key, f);
    }
    return f;
  };
  for (const m of modelEntries(index)) family(splitPlatform(m.installSection.text.trim()).base).models.push(m);
  for (const section of model.sections) {
    const owner = coInstallersOwner(section.name);
    if (owner) family(splitPlatform(owner).base);
  }
  return [...families.values()];
}

/** "X.NTamd64.CoInstallers" -> "X.NTamd64"; undefined for other names. */
export function coInstallersOwner(sectionName: string): string | undefined {
  const suffix = '.' + COINSTALLERS_SECTION_SUFFIX;
  if (sectionName.length <= suffix.length || !sectionName.toLowerCase().endsWith(suffix.toLowerCase())) return undefined;
  return sectionName.slice(0, -suffix.length);
}

const classInstallNames = new Set([CLASS_INSTALL_SECTION, ...PLATFORM_DECORATIONS.map((d) => `${CLASS_INSTALL_SECTION}.${d}`)].map((n) => n.toLowerCase()));

/** [ClassInstall32] and its decorated variants ([ClassInstall32.NTamd64], ...) present in the INF. */
export function classInstallSections(model: InfModel): InfSection[] {
  return model.sections.filter((s) => classInstallNames.has(s.name.toLowerCase()));
}
