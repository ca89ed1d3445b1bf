/**
 * UNREFERENCED_PARAMETER(x) and its kin run nothing: the call is no call at all (no opaque call that
 * might set the flag out of sight, no write through its argument).
 */
import { NO_OP_MACROS } from '../../catalogue';
import type { Recogniser } from '../recogniser';
import { unknown } from '../values';

export const noOpMacros: Recogniser = {
  name: 'no-op-macros',
  calls: NO_OP_MACROS,
  callValue: (call) => unknown('expression', call),
};
