import { DIF_NEWDEVICEWIZARD_FINISHINSTALL, FINISHINSTALL_FLAG } from '../../catalogue';
import type { FlagWriteEvent } from '../../model/types';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { relatedChain, who } from './helpers';

export const flagInWrongDif: RuleDefinition<CRuleContext> = {
  id: 'flag-in-wrong-dif',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'DI_FLAGSEX_FINISHINSTALL_ACTION is set while handling another DIF code',
  docs: {
    what: 'Reports code that sets DI_FLAGSEX_FINISHINSTALL_ACTION while handling a DIF code other than DIF_NEWDEVICEWIZARD_FINISHINSTALL (including code that runs for every DIF code).',
    why: 'Windows looks for the flag after DIF_NEWDEVICEWIZARD_FINISHINSTALL. Set elsewhere (DIF_INSTALLDEVICE, or before the dispatch), it is either ignored or set at times the installer did not check whether an action is needed.',
    contractSection: 'The protocol (step 1)',
    wdk: ['Implementing Finish-Install Actions', 'DIF_NEWDEVICEWIZARD_FINISHINSTALL'],
    bad: `case DIF_INSTALLDEVICE:
    DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;   // wrong DIF code
    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);
    break;`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);
    break;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      const wrong = new Map<string, { event: FlagWriteEvent; difs: Set<string> }>();
      for (const trace of ep.handlers) {
        if (trace.dif === DIF_NEWDEVICEWIZARD_FINISHINSTALL) continue;
        for (const e of trace.events) {
          if (e.kind !== 'flag-write' || e.flag.name !== FINISHINSTALL_FLAG) continue;
          const key = `${e.range.start.line}:${e.range.start.character}`;
          const entry = wrong.get(key) ?? { event: e, difs: new Set<string>() };
          entry.difs.add(trace.dif ?? 'every DIF code it does not handle');
          wrong.set(key, entry);
        }
      }
      for (const { event, difs } of wrong.values()) {
        report({
          range: event.range,
          message: `The ${who(ep)} sets DI_FLAGSEX_FINISHINSTALL_ACTION while handling ${[...difs].join(', ')}; Windows reads it after DIF_NEWDEVICEWIZARD_FINISHINSTALL, so set it there (after checking that an action is needed).`,
          related: relatedChain(event.callChain),
        });
      }
    }
  },
};
