import { DIF_FINISHINSTALL_ACTION, FINISHINSTALL_FLAG } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, handles, relatedChain, who } from './helpers';

export const flagWithoutAction: RuleDefinition<CRuleContext> = {
  id: 'flag-without-action',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'Sets DI_FLAGSEX_FINISHINSTALL_ACTION but has no DIF_FINISHINSTALL_ACTION handler',
  docs: {
    what: 'Reports an installer that sets DI_FLAGSEX_FINISHINSTALL_ACTION but does not handle DIF_FINISHINSTALL_ACTION.',
    why: 'The flag makes Windows ask the user to finish installing the device, with an administrator prompt, and then send DIF_FINISHINSTALL_ACTION. An installer that does not handle it makes the user go through that for nothing.',
    contractSection: 'The protocol (steps 1-3)',
    wdk: ['Implementing Finish-Install Actions', 'DIF_FINISHINSTALL_ACTION'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    ... FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION ...
    break;
default:
    break;                       // DIF_FINISHINSTALL_ACTION ends up here`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    ... FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION ...
    break;
case DIF_FINISHINSTALL_ACTION:
    ReturnValue = DoFinishInstallAction();
    break;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      if (handles(ep, DIF_FINISHINSTALL_ACTION) || ep.dispatch.size === 0) continue;
      for (const e of eventsOf([ep.overall], 'flag-write')) {
        if (e.flag.name !== FINISHINSTALL_FLAG || e.field !== 'FlagsEx') continue;
        report({
          range: e.range,
          message: `The ${who(ep)} sets DI_FLAGSEX_FINISHINSTALL_ACTION but does not handle DIF_FINISHINSTALL_ACTION: users are asked to finish installing the device, and nothing of this installer runs.`,
          related: relatedChain(e.callChain),
        });
      }
    }
  },
};
