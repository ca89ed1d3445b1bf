import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { relatedReturn, replaceConstantFix, returnedValues, spell, valueRange, who } from './helpers';

export const notAWin32Code: RuleDefinition<CRuleContext> = {
  id: 'not-a-win32-code',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'The entry point returns a BOOL or an HRESULT instead of a Win32 error code',
  docs: {
    what: 'Reports returns of TRUE/FALSE, of a BOOL (a BOOL variable or a BOOL-returning SetupAPI call), or of an HRESULT (S_OK, E_FAIL, HRESULT_FROM_WIN32(...), an HRESULT variable) from an installer entry point.',
    why: 'Windows reads the return value as a Win32 error code: TRUE is 1, ERROR_INVALID_FUNCTION, so "success" becomes a failure; an HRESULT is a failure code Windows does not understand; FALSE and S_OK only work by accident (they are 0).',
    contractSection: 'Return codes (last paragraph)',
    wdk: ['Co-installer Interface'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    return SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);   // BOOL`,
    good: `case DIF_FINISHINSTALL_ACTION:
    if (!SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params))
        return GetLastError();
    return NO_ERROR;`,
    quickFix: 'For FALSE and S_OK (which are 0), returns NO_ERROR instead.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      for (const r of returnedValues([ep.overall])) {
        if (r.cls !== 'not-win32') continue;
        const isBool = r.value.family === 'bool';
        const consequence =
          r.value.kind === 'constant' && r.value.value === 1
            ? 'it is 1, ERROR_INVALID_FUNCTION, so Windows sees a failure'
            : r.value.kind === 'constant' && r.value.value === 0
              ? 'it only works by accident, because it is 0 like NO_ERROR'
              : isBool
                ? 'TRUE (1) reads as ERROR_INVALID_FUNCTION and FALSE as success'
                : 'Windows reads the HRESULT as an unknown failure code';
        const zero = r.value.kind === 'constant' && r.value.value === 0;
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ${spell(r.value)}, ${isBool ? 'a BOOL' : 'an HRESULT'}, where Windows expects a Win32 error code: ${consequence}.`,
          related: relatedReturn(r, ep),
          fixes: zero ? replaceConstantFix(r.value, lines, 'NO_ERROR') : undefined,
        });
      }
    }
  },
};
