import { DIF_FINISHINSTALL_ACTION } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { returnedValues, tracesFor, who } from './helpers';

export const actionAlwaysFails: RuleDefinition<CRuleContext> = {
  id: 'action-always-fails',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'Every path of DIF_FINISHINSTALL_ACTION returns a Win32 error',
  docs: {
    what: 'Reports a DIF_FINISHINSTALL_ACTION handler whose every return is a Win32 error code.',
    why: 'A Win32 error means "failed, try again later". Before Windows 8 the device stays flagged and the action is retried at every enumeration, forever; since Windows 8 it runs once and fails silently. An action that can never succeed should return its "done" code (ERROR_DI_DO_DEFAULT for a class installer, NO_ERROR for a co-installer) after telling the user.',
    contractSection: 'The protocol (step 2); Return codes',
    wdk: ['DIF_FINISHINSTALL_ACTION', 'Guidelines for Implementing Finish-Install Actions'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    if (!LaunchConfigurationTool())
        return GetLastError();
    return ERROR_NOT_SUPPORTED;           // never succeeds`,
    good: `case DIF_FINISHINSTALL_ACTION:
    if (!LaunchConfigurationTool())
        return GetLastError();            // try again later
    return NO_ERROR;                      // done`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      if (ep.incomplete || !ep.dispatch.has(DIF_FINISHINSTALL_ACTION)) continue;
      const values = returnedValues(tracesFor(ep, DIF_FINISHINSTALL_ACTION)).filter((r) => r.value.kind !== 'unknown' || r.value.source !== 'install-result');
      if (values.length === 0 || !values.every((r) => r.cls === 'win32-error')) continue;
      report({
        range: ep.dispatch.get(DIF_FINISHINSTALL_ACTION)![0],
        message: `Every path of the ${who(ep)}'s DIF_FINISHINSTALL_ACTION handler returns a Win32 error: before Windows 8 the action is retried at every enumeration, forever; since Windows 8 it runs once and fails silently.`,
        related: values.map((r) => ({ range: r.site.range, message: 'returns a Win32 error here' })),
      });
    }
  },
};
