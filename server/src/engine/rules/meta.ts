/**
 * Findings the engine reports about the analysis itself rather than about installer code. They are
 * rules like any other (documented, configurable, suppressible) but are checked by engine.ts.
 */
import type { RuleDefinition } from './rule';

export const unknownRuleId: RuleDefinition<never> = {
  id: 'unknown-rule-id',
  language: 'any',
  defaultSeverity: 'warning',
  title: 'A suppression comment names a rule that does not exist',
  docs: {
    what: 'Reports rule ids in `finish-install-disable-*` comments that name no rule.',
    why: 'A misspelt id suppresses nothing, so the finding it was meant to silence (or a new one) stays; the comment only looks like it works.',
    contractSection: 'none (tooling)',
    wdk: [],
    bad: '// finish-install-disable-next-line flag-not-sett\nDeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
    good: '// finish-install-disable-next-line flag-set-unconditionally\nDeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
  },
  check() {},
};

export const fileSkipped: RuleDefinition<never> = {
  id: 'file-skipped',
  language: 'any',
  defaultSeverity: 'information',
  title: 'The file was not analysed (too large, binary, or analysis gave up)',
  docs: {
    what: 'Says that a file was skipped, and why: larger than the size limit, not text, or its analysis ran out of time.',
    why: 'A linter that silently skips a file looks like a linter that found nothing. This finding keeps the skip visible.',
    contractSection: 'none (tooling)',
    wdk: [],
    bad: '(a 40 MB generated source file, or a .c file that is really a binary)',
    good: '(raise finishInstall.maxFileSizeKB, or exclude the file)',
  },
  check() {},
};

export const META_RULES = [unknownRuleId, fileSkipped];
