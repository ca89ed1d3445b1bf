import { DIF_FINISHINSTALL_ACTION, DIF_NEWDEVICEWIZARD_FINISHINSTALL, FINISHINSTALL_FLAG } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, handles, tracesFor, who } from './helpers';

export const flagNotSet: RuleDefinition<CRuleContext> = {
  id: 'flag-not-set',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'Handles DIF_FINISHINSTALL_ACTION but never sets DI_FLAGSEX_FINISHINSTALL_ACTION',
  docs: {
    what: 'Reports an installer that handles DIF_FINISHINSTALL_ACTION but never sets DI_FLAGSEX_FINISHINSTALL_ACTION while handling DIF_NEWDEVICEWIZARD_FINISHINSTALL. It stays silent when that handler passes the device to a function defined in another file, which may set the flag.',
    why: 'Windows sends DIF_FINISHINSTALL_ACTION only to devices whose install params carry the flag. Unless another installer of the same device sets it, the action handler never runs, and nothing tells you so.',
    contractSection: 'The protocol (step 1)',
    wdk: ['Implementing Finish-Install Actions', 'DIF_NEWDEVICEWIZARD_FINISHINSTALL'],
    bad: `switch (InstallFunction) {
case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    break;                                   // flag never set
case DIF_FINISHINSTALL_ACTION:
    return RunFinishInstallAction();         // never called
}`,
    good: `case DIF_NEWDEVICEWIZARD_FINISHINSTALL:
    if (FinishInstallActionsNeeded()) {
        DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);
        if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
            DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
            SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);
        }
    }
    break;`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      if (!handles(ep, DIF_FINISHINSTALL_ACTION) || ep.incomplete) continue;
      const wizard = tracesFor(ep, DIF_NEWDEVICEWIZARD_FINISHINSTALL);
      const setsFlag = eventsOf(wizard, 'flag-write').some((e) => e.flag.name === FINISHINSTALL_FLAG && e.field === 'FlagsEx');
      // A function defined elsewhere that gets the device may set the flag out of sight.
      if (setsFlag || eventsOf(wizard, 'opaque-call').length > 0) continue;
      const label = ep.dispatch.get(DIF_FINISHINSTALL_ACTION)![0];
      report({
        range: label,
        message: `The ${who(ep)} handles DIF_FINISHINSTALL_ACTION but never sets DI_FLAGSEX_FINISHINSTALL_ACTION while handling DIF_NEWDEVICEWIZARD_FINISHINSTALL: unless another installer of the device sets it, Windows never sends the action.`,
        related: ep.dispatch.get(DIF_NEWDEVICEWIZARD_FINISHINSTALL)?.map((range) => ({ range, message: 'DIF_NEWDEVICEWIZARD_FINISHINSTALL is handled here without setting the flag' })),
      });
    }
  },
};
