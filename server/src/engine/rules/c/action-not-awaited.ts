import { DIF_FINISHINSTALL_ACTION } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, tracesFor, who } from './helpers';

export const actionNotAwaited: RuleDefinition<CRuleContext> = {
  id: 'action-not-awaited',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'DIF_FINISHINSTALL_ACTION starts a process and returns without waiting for it',
  docs: {
    what: 'Reports a process started (CreateProcess, ShellExecute(Ex), WinExec...) while handling DIF_FINISHINSTALL_ACTION that a return can follow with no wait (WaitForSingleObject and friends) in between.',
    why: 'Windows may restart the machine right after the action returns (for example when DI_NEEDREBOOT is set), cutting the process off half-way; and the return code cannot report the process\'s outcome. The installer must wait for its work to finish.',
    contractSection: 'The protocol (step 3)',
    wdk: ['Guidelines for Implementing Finish-Install Actions'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    CreateProcessW(NULL, CommandLine, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, &ProcessInfo);
    return NO_ERROR;`,
    good: `case DIF_FINISHINSTALL_ACTION:
    if (!CreateProcessW(NULL, CommandLine, NULL, NULL, FALSE, 0, NULL, NULL, &StartupInfo, &ProcessInfo))
        return GetLastError();
    WaitForSingleObject(ProcessInfo.hProcess, INFINITE);
    return NO_ERROR;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      for (const e of eventsOf(tracesFor(ep, DIF_FINISHINSTALL_ACTION), 'process-start')) {
        if (e.unawaitedReturns.length === 0) continue;
        report({
          range: e.range,
          message: `The ${who(ep)} starts a process with ${e.callee} in DIF_FINISHINSTALL_ACTION and can return without waiting for it: a restart right after the action can cut it off, and its outcome is never reported.`,
          related: [...relatedChain(e.callChain), ...e.unawaitedReturns.slice(0, 3).map((range) => ({ range, message: 'returns here without waiting' }))],
        });
      }
    }
  },
};
