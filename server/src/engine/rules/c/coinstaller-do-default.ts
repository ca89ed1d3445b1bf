import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { difPhrase, meaningOf, relatedReturn, replaceConstantFix, returnedValues, who, valueRange } from './helpers';

export const coinstallerDoDefault: RuleDefinition<CRuleContext> = {
  id: 'coinstaller-do-default',
  language: 'c',
  defaultSeverity: 'error',
  title: 'A co-installer sets ERROR_DI_DO_DEFAULT',
  docs: {
    what: 'Reports a co-installer path that returns ERROR_DI_DO_DEFAULT it set itself, once per return however many DIF handlers reach it (a return after the switch names every DIF code that gets there). Passing on Context->InstallResult in post-processing is allowed.',
    why: 'ERROR_DI_DO_DEFAULT is the class installer\'s way to ask for default processing. From a co-installer Windows reads it as a failure (it carries the error-severity bits) and the installation step fails for the user.',
    contractSection: 'Return codes',
    wdk: ['Co-installer Interface', 'DIF_FINISHINSTALL_ACTION'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    DoFinishInstallAction();
    return ERROR_DI_DO_DEFAULT;          // a class installer's code`,
    good: `case DIF_FINISHINSTALL_ACTION:
    DoFinishInstallAction();
    return NO_ERROR;`,
    quickFix: 'Replaces ERROR_DI_DO_DEFAULT with NO_ERROR.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'co-installer') continue;
      // One finding per return, however many handlers reach it (a return after the switch is reached by all).
      for (const r of returnedValues(ep.handlers)) {
        if (r.cls !== 'do-default' || r.value.kind !== 'constant') continue;
        const meanings = new Set(r.difs.map((dif) => meaningOf(ep, dif, 'do-default')));
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ERROR_DI_DO_DEFAULT (for ${difPhrase(r.difs)}): it ${meanings.size === 1 ? [...meanings][0] : meaningOf(ep, undefined, 'do-default')}`,
          related: relatedReturn(r, ep),
          fixes: replaceConstantFix(r.value, lines, 'NO_ERROR'),
        });
      }
    }
  },
};
