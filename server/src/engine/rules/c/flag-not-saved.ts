import { FINISHINSTALL_FLAG } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, who } from './helpers';

export const flagNotSaved: RuleDefinition<CRuleContext> = {
  id: 'flag-not-saved',
  language: 'c',
  defaultSeverity: 'error',
  title: 'DI_FLAGSEX_FINISHINSTALL_ACTION is set but never saved with SetupDiSetDeviceInstallParams',
  docs: {
    what: 'Reports a write of DI_FLAGSEX_FINISHINSTALL_ACTION into an SP_DEVINSTALL_PARAMS that no path then passes to SetupDiSetDeviceInstallParams.',
    why: 'SetupDiGetDeviceInstallParams hands out a copy. Changing the copy changes nothing for Windows: without SetupDiSetDeviceInstallParams the flag is lost and DIF_FINISHINSTALL_ACTION is never sent.',
    contractSection: 'The protocol (step 1)',
    wdk: ['Implementing Finish-Install Actions', 'SetupDiSetDeviceInstallParams'],
    bad: `if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
    DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;   // lost
}`,
    good: `if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
    DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;
    SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);
}`,
    quickFix: 'Inserts the SetupDiSetDeviceInstallParams call after the flag is set.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      if (ep.incomplete) continue;
      for (const e of eventsOf([ep.overall], 'flag-write')) {
        if (e.flag.name !== FINISHINSTALL_FLAG || e.field !== 'FlagsEx' || e.saved) continue;
        const indent = lines.indentationOf(e.range.start.line);
        const nl = lines.lineBreak;
        const canFix = !!e.deviceArguments && /^[A-Za-z_]\w*$/.test(e.target);
        const lineEnd = lines.endOfLine(e.range.end.line);
        report({
          range: e.range,
          message: `The ${who(ep)} sets DI_FLAGSEX_FINISHINSTALL_ACTION in ${e.target} but never passes it to SetupDiSetDeviceInstallParams: the flag is lost and Windows never sends DIF_FINISHINSTALL_ACTION.`,
          related: relatedChain(e.callChain),
          fixes: canFix
            ? [{
                title: 'Save the install params with SetupDiSetDeviceInstallParams',
                edits: [{ range: { start: lineEnd, end: lineEnd }, newText: `${nl}${indent}SetupDiSetDeviceInstallParams(${e.deviceArguments![0]}, ${e.deviceArguments![1]}, ${e.throughPointer ? '' : '&'}${e.target});` }],
                preferred: true,
              }]
            : undefined,
        });
      }
    }
  },
};
