import { DIF_NEWDEVICEWIZARD_FINISHINSTALL, wizardPagesMismatch } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { relatedReturn, replaceConstantFix, returnedValues, spell, tracesFor, valueRange, who } from './helpers';

export const wizardReturnCode: RuleDefinition<CRuleContext> = {
  id: 'wizard-return-code',
  language: 'c',
  defaultSeverity: 'error',
  title: 'Wrong return code from DIF_NEWDEVICEWIZARD_FINISHINSTALL',
  docs: {
    what: 'Reports a class installer that returns NO_ERROR from DIF_NEWDEVICEWIZARD_FINISHINSTALL without having added wizard pages, or ERROR_DI_DO_DEFAULT after adding them. (Co-installers returning ERROR_DI_DO_DEFAULT are reported by coinstaller-do-default, class installers returning ERROR_DI_POSTPROCESSING_REQUIRED by class-postprocessing.)',
    why: 'For a class installer the return code tells Windows whether it supplied finish-install wizard pages: NO_ERROR means "I supplied pages", ERROR_DI_DO_DEFAULT "I did not". Getting it backwards either skips Windows\' default processing or loses the pages.',
    contractSection: 'Return codes',
    wdk: ['DIF_NEWDEVICEWIZARD_FINISHINSTALL'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    RequestFinishInstallActionIfNeeded(DeviceInfoSet, DeviceInfoData);
    return NO_ERROR;              // no pages were added`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    RequestFinishInstallActionIfNeeded(DeviceInfoSet, DeviceInfoData);
    return ERROR_DI_DO_DEFAULT;`,
    quickFix: 'Replaces the returned constant with the right one for the pages situation.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'class-installer') continue;
      for (const r of returnedValues(tracesFor(ep, DIF_NEWDEVICEWIZARD_FINISHINSTALL))) {
        const mismatch = r.cls && wizardPagesMismatch(r.cls, r.site.pagesAdded);
        if (!mismatch) continue;
        const { expected, problem } = mismatch;
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ${spell(r.value)} from DIF_NEWDEVICEWIZARD_FINISHINSTALL ${problem}; return ${expected}.`,
          related: relatedReturn(r, ep),
          fixes: replaceConstantFix(r.value, lines, expected),
        });
      }
    }
  },
};
