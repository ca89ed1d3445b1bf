/** The INF rules, in the order their findings are listed. */
import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';
import { infClassinstall32SystemClass } from './inf-classinstall32-system-class';
import { infCoinstallersNotMultiSz } from './inf-coinstallers-not-multi-sz';
import { infCoinstallersPlatformParity } from './inf-coinstallers-platform-parity';
import { infEntryPointKind } from './inf-entry-point-kind';
import { infEntryPointMissing } from './inf-entry-point-missing';
import { infInstallerNotCopied } from './inf-installer-not-copied';
import { infLegacyInstaller } from './inf-legacy-installer';
import { infObsoleteWdfCoinstaller } from './inf-obsolete-wdf-coinstaller';
import { infSyntax } from './inf-syntax';

export const INF_RULES: ReadonlyArray<RuleDefinition<InfRuleContext>> = [
  infSyntax,
  infCoinstallersNotMultiSz,
  infInstallerNotCopied,
  infEntryPointMissing,
  infEntryPointKind,
  infClassinstall32SystemClass,
  infCoinstallersPlatformParity,
  infObsoleteWdfCoinstaller,
  infLegacyInstaller,
];
