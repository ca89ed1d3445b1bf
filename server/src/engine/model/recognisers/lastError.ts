/** GetLastError(): read after a failed call, so a Win32 error code, never NO_ERROR. */
import { LAST_ERROR_CALLS } from '../../catalogue';
import type { Recogniser } from '../recogniser';
import { unknown } from '../values';

export const lastError: Recogniser = {
  name: 'last-error',
  calls: LAST_ERROR_CALLS,
  callValue: (call) => unknown('last-error', call, { excludes: [0] }),
};
