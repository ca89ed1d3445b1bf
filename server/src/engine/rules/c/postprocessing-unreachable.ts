import { postProcessingOnlyWork } from '../../model/postProcessingWork';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { returnedValues, who } from './helpers';

export const postprocessingUnreachable: RuleDefinition<CRuleContext> = {
  id: 'postprocessing-unreachable',
  language: 'c',
  defaultSeverity: 'error',
  title: 'A co-installer has a post-processing branch but never requests post-processing',
  docs: {
    what:
      'Reports a co-installer that tests Context->PostProcessing, keeps work for the post-processing pass (a call, a write to a structure), and never returns ERROR_DI_POSTPROCESSING_REQUIRED. A test that only guards the first pass (`if (!Context->PostProcessing) { ... }` with nothing else for the second) or only passes the result through (`if (Context->PostProcessing) return Context->InstallResult;`) is not reported.',
    why: 'Windows calls a co-installer a second time, with PostProcessing TRUE, only if its first pass returned ERROR_DI_POSTPROCESSING_REQUIRED. Without that request the post-processing branch is dead code and its work never happens.',
    contractSection: 'Return codes (post-processing paragraph)',
    wdk: ['Co-installer Interface', 'Co-installer Operation'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (Context->PostProcessing) {
        RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);   // never runs
        return Context->InstallResult;
    }
    return NO_ERROR;`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (Context->PostProcessing) {
        RequestFinishInstallAction(DeviceInfoSet, DeviceInfoData);
        return Context->InstallResult;
    }
    return ERROR_DI_POSTPROCESSING_REQUIRED;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      if (ep.kind !== 'co-installer' || ep.incomplete || ep.postProcessingTests.length === 0) continue;
      const values = returnedValues([ep.overall]);
      // A value we cannot see into (an external call) might be the request: stay silent then.
      if (values.some((r) => r.value.kind === 'unknown' && (r.value.source === 'call' || r.value.source === 'global') && r.cls === undefined)) continue;
      if (values.some((r) => r.cls === 'postprocessing-required')) continue;
      // A guard of the first pass, or a pass-through, loses nothing when the second pass never comes.
      const postOnlyWork = postProcessingOnlyWork(ep);
      if (postOnlyWork.length === 0) continue;
      report({
        range: ep.postProcessingTests[0],
        message: `The ${who(ep)} tests Context->PostProcessing but never returns ERROR_DI_POSTPROCESSING_REQUIRED: Windows never calls it for post-processing, so the code it keeps for that pass never runs.`,
        related: postOnlyWork.map((statement) => ({ range: statement.range, message: 'runs only in post-processing, which never comes' })),
      });
    }
  },
};
