/**
 * Records the finish-install flag (and the Flags bits written into FlagsEx) written into
 * SP_DEVINSTALL_PARAMS, with whether a need check dominates the write (needCheck.ts) and whether some
 * path saves the params afterwards (SetupDiSetDeviceInstallParams, or a function of another file handed
 * them, which may). Fact: the finish-install writes not yet saved on the path.
 */
import { BOOL_RETURNING_CALLS, deviceInstallFlag, ENTRY_POINT_PARAM_TYPES, FINISHINSTALL_FLAG, FLAG_FIELDS, isInstallParamsType, isSetupApiFunction, SET_INSTALL_PARAMS, type DeviceInstallFlag, type FlagField } from '../../catalogue';
import { parseCNumber, type FileIndex, type FunctionInfo } from '../fileIndex';
import { CALL_WRITE, type Recogniser } from '../recogniser';
import { rootIdentifier } from '../syntax';
import type { SyntaxNode as Node } from '../syntaxTree';
import type { AbstractValue, FlagWriteEvent } from '../types';
import { paramsTarget } from './installParams';
import { needCheck } from './needCheck';
import { NO_ITEMS, unionOfSets } from './sets';

/** The canonical variable each finish-install write targets, for matching the save (events are per trace). */
const flagTargets = new WeakMap<FlagWriteEvent, string>();

export const flagWrites: Recogniser<ReadonlySet<FlagWriteEvent>> = {
  name: 'flag-writes',
  requires: [needCheck],
  fieldWrites: FLAG_FIELDS,
  calls: SET_INSTALL_PARAMS,
  initialFact: NO_ITEMS,
  join: unionOfSets,
  onFieldWrite(w, write, target, right, op, state, frame) {
    // Clearing bits (`&= ~X`, `= x & ~X`) and `++` write no flag.
    if (!right || op === '&=' || containsComplement(right)) return state;
    const field = target.childForFieldName('field')!.text as FlagField;
    const object = target.childForFieldName('argument');
    const objectName = object ? rootIdentifier(object) : undefined;
    const key = objectName ? w.canonical(frame, objectName) : undefined;
    let s = state;
    for (const { flag, spelledAs, at } of flagsIn(right, field, w.index, (name) => w.valuesOf(s, frame, name))) {
      if (flag.name !== FINISHINSTALL_FLAG && !(field === 'FlagsEx' && flag.field === 'Flags')) continue;
      // A call handed the member may set the finish-install flag it is given (no flag-not-set); what else it
      // does with the member is not known well enough for a wrong-field error.
      if (op === CALL_WRITE && flag.name !== FINISHINSTALL_FLAG) continue;
      const event = w.event<FlagWriteEvent>(at, frame, () => ({
        kind: 'flag-write',
        range: write.range,
        callChain: frame.callChain,
        target: objectName ?? object?.text ?? '',
        field,
        flag,
        spelledAs,
        checked: true,
        saved: false,
        deviceArguments: deviceArgumentsOf(frame.fn),
        throughPointer: target.childForFieldName('operator')?.text === '->',
      }));
      // `checked` holds only if every path reaching the write was checked.
      event.checked = event.checked && w.fact(s, needCheck);
      // A C++ object standing for the params (`params->FlagsEx |= ...` through a wrapper's operator->): its
      // own code (a destructor, a method) may save them out of sight, as a function handed them may.
      if (object?.type === 'identifier' && w.index.cplusplus && standsForParams(w.declaredType(frame, object.text))) event.saved = true;
      if (event.flag.name === FINISHINSTALL_FLAG && key) {
        flagTargets.set(event, key);
        s = w.withFact(s, flagWrites, new Set([...w.fact(s, flagWrites), event]));
      }
    }
    return s;
  },
  onCall(w, _call, _name, args, state, frame) {
    // SetupDiSetDeviceInstallParams of the variable written: the writes are saved.
    const target = paramsTarget(w, args, frame);
    if (!target) return state;
    const remaining = new Set<FlagWriteEvent>();
    for (const f of w.fact(state, flagWrites)) {
      if (flagTargets.get(f) === target.key) f.saved = true;
      else remaining.add(f);
    }
    return w.withFact(state, flagWrites, remaining);
  },
  onOutOfSightWrite(w, _call, name, handed, state) {
    // A function of another file handed the written params (`StoreParams(..., &p)`) may save them: not reported as lost.
    if (isSetupApiFunction(name) || BOOL_RETURNING_CALLS.has(name)) return state;
    const unsaved = w.fact(state, flagWrites);
    if (unsaved.size === 0) return state;
    const remaining = new Set<FlagWriteEvent>();
    for (const f of unsaved) {
      const key = flagTargets.get(f);
      if (key !== undefined && handed.includes(key)) f.saved = true;
      else remaining.add(f);
    }
    return remaining.size === unsaved.size ? state : w.withFact(state, flagWrites, remaining);
  },
};

/** A declared type that is not SP_DEVINSTALL_PARAMS (or a pointer to it): a class of the code, or `auto`. */
function standsForParams(typeName: string | undefined): boolean {
  return typeName !== undefined && typeName !== '' && !isInstallParamsType(typeName);
}

function deviceArgumentsOf(fn: FunctionInfo): [string, string] | undefined {
  const set = fn.params.find((p) => p.typeName === ENTRY_POINT_PARAM_TYPES[1])?.name;
  const data = fn.params.find((p) => p.typeName === ENTRY_POINT_PARAM_TYPES[2])?.name;
  return set && data ? [set, data] : undefined;
}

function containsComplement(node: Node): boolean {
  if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '~') return true;
  return node.namedChildren.some(containsComplement);
}

/**
 * The device-install flags an expression ORs in, by name, by a macro standing for one (`#define FI_FLAG
 * DI_FLAGSEX_FINISHINSTALL_ACTION`, spelled as the macro), by a variable or parameter holding one
 * (`dip.FlagsEx |= FlagsMask;` in a helper called with the flag), or (in FlagsEx) by the finish-install
 * bit's value.
 */
function flagsIn(
  node: Node,
  field: FlagField,
  index: FileIndex,
  valuesOf: (variable: string) => readonly AbstractValue[] | undefined,
): Array<{ flag: DeviceInstallFlag; spelledAs: string; at: Node }> {
  const out: Array<{ flag: DeviceInstallFlag; spelledAs: string; at: Node }> = [];
  const finish = deviceInstallFlag(FINISHINSTALL_FLAG)!;
  const visit = (n: Node) => {
    if (n.type === 'identifier') {
      const held = valuesOf(n.text);
      if (held) {
        for (const v of held) {
          const flag = v.kind === 'constant' && v.name ? deviceInstallFlag(v.name) : undefined;
          if (flag) out.push({ flag, spelledAs: v.name!, at: n });
          else if (v.kind === 'constant' && field === 'FlagsEx' && (v.value & finish.value) !== 0) out.push({ flag: finish, spelledAs: n.text, at: n });
        }
        return;
      }
      const defined = deviceInstallFlag(n.text) ? undefined : index.defines.get(n.text);
      const flag = deviceInstallFlag(n.text) ?? (defined?.aliasOf ? deviceInstallFlag(defined.aliasOf) : undefined);
      if (flag) out.push({ flag, spelledAs: n.text, at: n });
      // A macro of several bits (`#define MY_FLAGS (DI_FLAGSEX_FINISHINSTALL_ACTION | ...)`) by its value, as a literal.
      else if (defined && field === 'FlagsEx' && (defined.value & finish.value) !== 0) out.push({ flag: finish, spelledAs: n.text, at: n });
      return;
    }
    if (n.type === 'number_literal' && field === 'FlagsEx') {
      const v = parseCNumber(n.text);
      if (v !== undefined && (v & finish.value) !== 0) out.push({ flag: finish, spelledAs: n.text, at: n });
      return;
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(node);
  return out;
}
