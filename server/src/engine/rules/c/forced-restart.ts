import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, who } from './helpers';

export const forcedRestart: RuleDefinition<CRuleContext> = {
  id: 'forced-restart',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'The installer restarts Windows itself instead of setting DI_NEEDREBOOT',
  docs: {
    what: 'Reports calls to ExitWindowsEx, InitiateSystemShutdown(Ex) or InitiateShutdown from an installer entry point or the helpers it calls.',
    why: 'An installer that restarts the machine cuts off the other installers of the device and Windows\' own processing, and loses the user\'s work. It sets DI_NEEDREBOOT in the install params\' Flags and lets Windows ask the user.',
    contractSection: 'The protocol (step 3)',
    wdk: ['Guidelines for Implementing Finish-Install Actions', 'SP_DEVINSTALL_PARAMS'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    ApplyFirmwareUpdate();
    ExitWindowsEx(EWX_REBOOT, SHTDN_REASON_MAJOR_HARDWARE);`,
    good: `case DIF_FINISHINSTALL_ACTION:
    ApplyFirmwareUpdate();
    DeviceInstallParams.Flags |= DI_NEEDREBOOT;
    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      for (const e of eventsOf([ep.overall], 'restart')) {
        report({
          range: e.range,
          message: `The ${who(ep)} restarts Windows itself with ${e.callee}: that cuts off the other installers and Windows' processing; set DI_NEEDREBOOT in Flags instead and let Windows ask the user.`,
          related: relatedChain(e.callChain),
        });
      }
    }
  },
};
