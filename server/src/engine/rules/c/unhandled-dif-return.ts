import { expectedDefaultReturn, KIND_LABEL } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { meaningOf, relatedReturn, replaceConstantFix, returnedValues, spell, unhandledTraces, valueRange, who } from './helpers';

export const unhandledDifReturn: RuleDefinition<CRuleContext> = {
  id: 'unhandled-dif-return',
  language: 'c',
  defaultSeverity: 'error',
  title: 'Wrong return for DIF codes the installer does not handle',
  docs: {
    what: 'Reports the value returned for DIF codes the installer does not handle, when it is not ERROR_DI_DO_DEFAULT (class installer) or NO_ERROR (co-installer).',
    why: 'Windows sends every DIF code to every installer. A class installer that returns NO_ERROR for codes it ignores suppresses Windows\' default handling of them (devices stop installing, removing, changing properties); a co-installer that returns an error fails them.',
    contractSection: 'Return codes',
    wdk: ['Co-installer Interface', 'Writing a Class Installer'],
    bad: `switch (InstallFunction) {
case DIF_FINISHINSTALL_ACTION:
    return DoFinishInstallAction();
default:
    return NO_ERROR;            // class installer: suppresses default processing of everything else
}`,
    good: `default:
    return ERROR_DI_DO_DEFAULT;`,
    quickFix: 'Replaces the returned constant with the kind\'s default return.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      const expected = expectedDefaultReturn(ep.kind);
      const expectedClass = ep.kind === 'co-installer' ? 'no-error' : 'do-default';
      for (const r of returnedValues(unhandledTraces(ep))) {
        if (r.value.kind !== 'constant' || !r.cls || r.cls === expectedClass) continue;
        // These have rules of their own.
        if (r.cls === 'not-win32' || r.cls === 'postprocessing-required' || (ep.kind === 'co-installer' && r.cls === 'do-default')) continue;
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ${spell(r.value)} for DIF codes it does not handle: it ${meaningOf(ep, undefined, r.cls)} A ${KIND_LABEL[ep.kind]} returns ${expected} there.`,
          related: relatedReturn(r, ep),
          fixes: replaceConstantFix(r.value, lines, expected),
        });
      }
    }
  },
};
