import { DIF_FINISHINSTALL_ACTION } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { meaningOf, relatedReturn, replaceConstantFix, returnedValues, spell, tracesFor, valueRange, who } from './helpers';

export const classActionNoError: RuleDefinition<CRuleContext> = {
  id: 'class-action-no-error',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'A class installer returns NO_ERROR from DIF_FINISHINSTALL_ACTION',
  docs: {
    what: 'Reports a class installer that returns NO_ERROR (0) from DIF_FINISHINSTALL_ACTION.',
    why: 'NO_ERROR tells Windows the class installer fully handled the request, so Windows skips its default processing of DIF_FINISHINSTALL_ACTION. The reference page says a class installer should return ERROR_DI_DO_DEFAULT when the action is done (the overview page is looser, hence a warning).',
    contractSection: 'Return codes; Traps worth a rule',
    wdk: ['DIF_FINISHINSTALL_ACTION', 'Implementing Finish-Install Actions'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    DoFinishInstallAction();
    return NO_ERROR;`,
    good: `case DIF_FINISHINSTALL_ACTION:
    DoFinishInstallAction();
    return ERROR_DI_DO_DEFAULT;`,
    quickFix: 'Replaces NO_ERROR with ERROR_DI_DO_DEFAULT.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'class-installer') continue;
      for (const r of returnedValues(tracesFor(ep, DIF_FINISHINSTALL_ACTION))) {
        if (r.cls !== 'no-error') continue;
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ${spell(r.value)} from DIF_FINISHINSTALL_ACTION: it ${meaningOf(ep, DIF_FINISHINSTALL_ACTION, 'no-error')}`,
          related: relatedReturn(r, ep),
          fixes: replaceConstantFix(r.value, lines, 'ERROR_DI_DO_DEFAULT'),
        });
      }
    }
  },
};
