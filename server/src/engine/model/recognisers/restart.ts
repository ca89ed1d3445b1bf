/** Records the calls with which an installer restarts Windows itself (ExitWindowsEx...). */
import { RESTART_CALLS } from '../../catalogue';
import type { Recogniser } from '../recogniser';

export const restart: Recogniser = {
  name: 'restart',
  calls: RESTART_CALLS,
  onCall(w, call, name, _args, state, frame) {
    if (!w.hasEvent(call, frame)) w.addEvent(call, frame, { kind: 'restart', range: call.range, callChain: frame.callChain, callee: name });
    return state;
  },
};
