import { DIF_NEWDEVICEWIZARD_FINISHINSTALL, FINISHINSTALL_FLAG } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, tracesFor, who } from './helpers';

export const flagSetUnconditionally: RuleDefinition<CRuleContext> = {
  id: 'flag-set-unconditionally',
  language: 'c',
  defaultSeverity: 'information',
  title: 'DI_FLAGSEX_FINISHINSTALL_ACTION is set on every path, without checking that an action is needed',
  docs: {
    what: 'Reports a DIF_NEWDEVICEWIZARD_FINISHINSTALL handler that sets DI_FLAGSEX_FINISHINSTALL_ACTION with no check (on any path to the write) that finish-install work is actually needed. Checks of SetupAPI results, of the DIF code and of Context->PostProcessing do not count; a helper given the device (`NeedsFinishInstall(DeviceInfoSet, DeviceInfoData)`) does, whatever it returns.',
    why: 'Each time the flag is set, Windows asks the user to "finish installing device software" (with an administrator prompt) at every reinstall, even when there is nothing left to do.',
    contractSection: 'The protocol (step 1)',
    wdk: ['Guidelines for Implementing Finish-Install Actions'],
    bad: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);
    if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
        DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;   // every time
        SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);
    }`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (!CompanionApplicationInstalled()) {
        DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);
        ...
    }`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      const writes = eventsOf(tracesFor(ep, DIF_NEWDEVICEWIZARD_FINISHINSTALL), 'flag-write').filter((e) => e.flag.name === FINISHINSTALL_FLAG && e.field === 'FlagsEx');
      if (writes.length === 0 || writes.some((e) => e.checked)) continue;
      for (const e of writes) {
        report({
          range: e.range,
          message: `The ${who(ep)} sets DI_FLAGSEX_FINISHINSTALL_ACTION on every DIF_NEWDEVICEWIZARD_FINISHINSTALL without checking that an action is needed: users are asked to finish installing (with an administrator prompt) at every reinstall.`,
          related: relatedChain(e.callChain),
        });
      }
    }
  },
};
