import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { relatedReturn, replaceConstantFix, returnedValues, valueRange, who } from './helpers';

export const classPostprocessing: RuleDefinition<CRuleContext> = {
  id: 'class-postprocessing',
  language: 'c',
  defaultSeverity: 'error',
  title: 'A class installer returns ERROR_DI_POSTPROCESSING_REQUIRED',
  docs: {
    what: 'Reports a class installer that returns ERROR_DI_POSTPROCESSING_REQUIRED on some path.',
    why: 'Only co-installers can ask to be called again after the class installer. A class installer returning it makes the DIF request fail: Windows treats the code as an error.',
    contractSection: 'Return codes',
    wdk: ['DIF_NEWDEVICEWIZARD_FINISHINSTALL', 'Co-installer Interface'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    return ERROR_DI_POSTPROCESSING_REQUIRED;   // class installers have no post-processing`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    return ERROR_DI_DO_DEFAULT;`,
    quickFix: 'Replaces the code with ERROR_DI_DO_DEFAULT.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'class-installer') continue;
      for (const r of returnedValues([ep.overall])) {
        if (r.cls !== 'postprocessing-required') continue;
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ERROR_DI_POSTPROCESSING_REQUIRED: only co-installers can ask for post-processing; Windows treats it as a failure of the class installer.`,
          related: relatedReturn(r, ep),
          fixes: replaceConstantFix(r.value, lines, 'ERROR_DI_DO_DEFAULT'),
        });
      }
    }
  },
};
