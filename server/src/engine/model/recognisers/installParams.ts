/**
 * Fact: the SP_DEVINSTALL_PARAMS variables whose cbSize is set on every path to here. Records the
 * install-params reads (params-get, with whether cbSize may be missing) and saves (params-set). cbSize is
 * set by a write to it or by `= { sizeof(p) }` (or, for all we know, by a function of another file handed
 * the variable), and cleared again by zeroing the variable.
 */
import { GET_INSTALL_PARAMS, INSTALL_PARAMS_SIZE_FIELD, isInstallParamsType, isSetupApiFunction, SET_INSTALL_PARAMS, ZERO_MEMORY_CALLS } from '../../catalogue';
import type { Range } from '../../types';
import type { Frame, PathState, TraceInterpreter } from '../interpreter';
import type { Recogniser } from '../recogniser';
import { addressedVariable, rootIdentifier } from '../syntax';
import type { SyntaxNode as Node } from '../syntaxTree';
import type { ParamsGetEvent } from '../types';
import { intersectionOfSets, NO_ITEMS } from './sets';

export const installParams: Recogniser<ReadonlySet<string>> = {
  name: 'install-params',
  calls: [...GET_INSTALL_PARAMS, ...SET_INSTALL_PARAMS, ...ZERO_MEMORY_CALLS],
  fieldWrites: [INSTALL_PARAMS_SIZE_FIELD],
  initialFact: NO_ITEMS,
  join: intersectionOfSets,
  onCall(w, call, name, args, state, frame) {
    if (GET_INSTALL_PARAMS.has(name)) return paramsGet(w, call, args, state, frame);
    if (SET_INSTALL_PARAMS.has(name)) {
      const target = paramsTarget(w, args, frame);
      w.event(call, frame, () => ({ kind: 'params-set', range: call.range, callChain: frame.callChain, target: target?.name ?? '' }));
      return state;
    }
    // Zeroing the params after setting cbSize clears it again.
    const v = args[0] ? addressedVariable(args[0]) : undefined;
    return v ? withSized(w, state, w.canonical(frame, v), false) : state;
  },
  onFieldWrite(w, _write, field, right, _op, state, frame) {
    if (!right) return state;
    const object = field.childForFieldName('argument');
    const objectName = object ? rootIdentifier(object) : undefined;
    return objectName ? withSized(w, state, w.canonical(frame, objectName), true) : state;
  },
  onOutOfSightWrite(w, _call, name, handed, state) {
    // A function of another file handed the params (`InitParams(&p)`) may have set cbSize: given the benefit of the doubt.
    if (isSetupApiFunction(name) || ZERO_MEMORY_CALLS.has(name)) return state;
    const sized = w.fact(state, installParams);
    if (handed.every((key) => sized.has(key))) return state;
    const set = new Set(sized);
    for (const key of handed) set.add(key);
    return w.withFact(state, installParams, set);
  },
  onInitializerList(type, key, list, state, w) {
    // SP_DEVINSTALL_PARAMS p = { sizeof(p) }: the first member is cbSize.
    const first = list.namedChildren[0];
    return isInstallParamsType(type.text) && first?.type === 'sizeof_expression' ? withSized(w, state, key, true) : state;
  },
};

/** The params variable a Get/Set call passes (its third argument), if it is one. */
export function paramsTarget(w: TraceInterpreter, args: readonly Node[], frame: Frame): { key: string; name: string; declaration?: Range } | undefined {
  const arg = args[2];
  const name = arg ? addressedVariable(arg) : undefined;
  if (!name) return undefined;
  return { key: w.canonical(frame, name), name, declaration: frame.locals.get(name)?.declaration };
}

function paramsGet(w: TraceInterpreter, call: Node, args: readonly Node[], state: PathState, frame: Frame): PathState {
  const target = paramsTarget(w, args, frame);
  if (!target) return state;
  const event = w.event<ParamsGetEvent>(call, frame, () => ({
    kind: 'params-get',
    range: call.range,
    callChain: frame.callChain,
    target: target.name,
    sizeMissing: false,
    declaration: target.declaration,
  }));
  // Only a params variable whose life we see (a local here or in a caller) can be judged.
  const unboundPointer = w.isParameter(frame, target.name) && !frame.aliases.has(target.name);
  if (!w.isGlobalKey(target.key) && !unboundPointer && !w.fact(state, installParams).has(target.key)) event.sizeMissing = true;
  return state;
}

function withSized(w: TraceInterpreter, state: PathState, key: string, sized: boolean): PathState {
  const set = new Set(w.fact(state, installParams));
  if (sized) set.add(key);
  else set.delete(key);
  return w.withFact(state, installParams, set);
}
