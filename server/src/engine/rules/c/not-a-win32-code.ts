import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { DIF_FINISHINSTALL_ACTION } from '../../catalogue';
import { relatedReturn, replaceConstantFix, returnedValues, spell, tracesFor, valueRange, who, type ReturnedValue } from './helpers';

export const notAWin32Code: RuleDefinition<CRuleContext> = {
  id: 'not-a-win32-code',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'The entry point returns a BOOL or an HRESULT instead of a Win32 error code',
  docs: {
    what: 'Reports returns of TRUE/FALSE, of a BOOL (a BOOL variable or a BOOL-returning SetupAPI call), or of an HRESULT (S_OK, E_FAIL, HRESULT_FROM_WIN32(...), an HRESULT variable) from an installer entry point.',
    why: 'Windows reads the return value as a Win32 error code: TRUE is 1, ERROR_INVALID_FUNCTION, so "success" becomes a failure; FALSE is 0, NO_ERROR, so a failure becomes success (a failed DIF_FINISHINSTALL_ACTION is never tried again); an HRESULT is a failure code Windows does not understand; S_OK only works by accident (it is 0).',
    contractSection: 'Return codes (last paragraph)',
    wdk: ['Co-installer Interface'],
    bad: `case DIF_FINISHINSTALL_ACTION:
    return SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params);   // BOOL`,
    good: `case DIF_FINISHINSTALL_ACTION:
    if (!SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &Params))
        return GetLastError();
    return NO_ERROR;`,
    quickFix: 'For S_OK (which is 0), returns NO_ERROR instead. FALSE gets no quick fix: it means a failure, so the right code is the error (GetLastError() or a Win32 error), which only the author knows.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      // The returns the action handler reaches (the overall trace names no DIF code).
      const inAction = new Set(returnedValues(tracesFor(ep, DIF_FINISHINSTALL_ACTION)).map(placeOf));
      for (const r of returnedValues([ep.overall])) {
        if (r.cls !== 'not-win32') continue;
        const isBool = r.value.family === 'bool';
        const zero = r.value.kind === 'constant' && r.value.value === 0;
        const consequence =
          r.value.kind === 'constant' && r.value.value === 1
            ? 'it is 1, ERROR_INVALID_FUNCTION, so Windows sees a failure'
            : zero && isBool
              ? // FALSE is how a BOOL function says it failed: here that failure reads as success.
                `FALSE means it failed, but Windows reads 0 as NO_ERROR, so the failure is reported as success${inAction.has(placeOf(r)) ? ' and the action is never tried again' : ''}`
              : zero
                ? 'it only works by accident, because it is 0 like NO_ERROR'
                : isBool
                  ? 'TRUE (1) reads as ERROR_INVALID_FUNCTION and FALSE, a failure, as success'
                  : 'Windows reads the HRESULT as an unknown failure code';
        report({
          range: valueRange(r),
          message: `The ${who(ep)} returns ${spell(r.value)}, ${isBool ? 'a BOOL' : 'an HRESULT'}, where Windows expects a Win32 error code: ${consequence}.`,
          related: relatedReturn(r, ep),
          fixes: zero && !isBool ? replaceConstantFix(r.value, lines, 'NO_ERROR') : undefined,
        });
      }
    }
  },
};

/** A returned value's place: its return and where the value is written. */
function placeOf(r: ReturnedValue): string {
  const at = valueRange(r).start;
  return `${r.site.range.start.line}:${r.site.range.start.character}|${at.line}:${at.character}`;
}
