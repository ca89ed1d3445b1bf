/** HRESULT_FROM_WIN32(...) and its kin: an HRESULT, whatever went in (not a Win32 code). */
import { HRESULT_MACROS } from '../../catalogue';
import type { Recogniser } from '../recogniser';
import { unknown } from '../values';

export const hresult: Recogniser = {
  name: 'hresult',
  calls: HRESULT_MACROS,
  callValue: (call, name) => unknown('call', call, { callee: name, family: 'hresult' }),
};
