import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, who } from './helpers';

export const paramsSizeNotSet: RuleDefinition<CRuleContext> = {
  id: 'params-size-not-set',
  language: 'c',
  defaultSeverity: 'error',
  title: 'SP_DEVINSTALL_PARAMS passed to SetupDiGetDeviceInstallParams without cbSize set',
  docs: {
    what: 'Reports a call to SetupDiGetDeviceInstallParams whose SP_DEVINSTALL_PARAMS has no cbSize on some path to the call (never set, or zeroed after it was set).',
    why: 'SetupDiGetDeviceInstallParams checks cbSize and fails with ERROR_INVALID_USER_BUFFER when it is not sizeof(SP_DEVINSTALL_PARAMS). The code that sets the flag then never runs, and the finish-install action is silently never requested.',
    contractSection: 'The protocol (step 1)',
    wdk: ['Implementing Finish-Install Actions', 'SetupDiGetDeviceInstallParams'],
    bad: `SP_DEVINSTALL_PARAMS DeviceInstallParams;
ZeroMemory(&DeviceInstallParams, sizeof(DeviceInstallParams));
if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {   // fails
    ...`,
    good: `SP_DEVINSTALL_PARAMS DeviceInstallParams;
ZeroMemory(&DeviceInstallParams, sizeof(DeviceInstallParams));
DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);
if (SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams)) {
    ...`,
    quickFix: 'Inserts `params.cbSize = sizeof(params);` on the line before the statement that calls SetupDiGetDeviceInstallParams.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      for (const e of eventsOf([ep.overall], 'params-get')) {
        if (!e.sizeMissing) continue;
        const line = e.range.start.line;
        const indent = lines.indentationOf(line);
        const startOfLine = { line, character: 0 };
        report({
          range: e.range,
          message: `The ${who(ep)} calls SetupDiGetDeviceInstallParams with ${e.target}.cbSize not set on some path: the call fails (ERROR_INVALID_USER_BUFFER), so the install params are never read or changed.`,
          related: [...(e.declaration ? [{ range: e.declaration, message: `${e.target} is declared here` }] : []), ...relatedChain(e.callChain)],
          fixes: [{
            title: `Set ${e.target}.cbSize before the call`,
            edits: [{ range: { start: startOfLine, end: startOfLine }, newText: `${indent}${e.target}.cbSize = sizeof(${e.target});${lines.lineBreak}` }],
            preferred: true,
          }],
        });
      }
    }
  },
};
