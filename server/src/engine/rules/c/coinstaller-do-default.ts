import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { meaningOf, relatedReturn, replaceConstantFix, returnedValues, who, valueRange } from './helpers';

export const coinstallerDoDefault: RuleDefinition<CRuleContext> = {
  id: 'coinstaller-do-default',
  language: 'c',
  defaultSeverity: 'error',
  title: 'A co-installer sets ERROR_DI_DO_DEFAULT',
  docs: {
    what: 'Reports a co-installer path that returns ERROR_DI_DO_DEFAULT it set itself. Passing on Context->InstallResult in post-processing is allowed.',
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
      for (const trace of ep.handlers) {
        for (const r of returnedValues([trace])) {
          if (r.cls !== 'do-default' || r.value.kind !== 'constant') continue;
          report({
            range: valueRange(r),
            message: `The ${who(ep)} returns ERROR_DI_DO_DEFAULT (${trace.dif ?? 'for DIF codes it does not handle'}): it ${meaningOf(ep, trace.dif, 'do-default')}`,
            related: relatedReturn(r, ep),
            fixes: replaceConstantFix(r.value, lines, 'NO_ERROR'),
          });
        }
      }
    }
  },
};
