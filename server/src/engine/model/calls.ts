/**
 * The calls a function's body makes, read once per function copy (copies are reused across analyses):
 * the names it calls (the call graph of build.ts) and the calls that pass its DIF code on (the helpers of
 * roles.ts), in one walk, since every analysis asks both of every function; and, for the few functions
 * that call into another file, every call with its name.
 */
import { ENTRY_POINT_PARAM_TYPES } from '../catalogue';
import type { FunctionInfo } from './fileIndex';
import { arguments_, calleeName } from './syntax';
import type { SyntaxNode } from './syntaxTree';

export interface FunctionCalls {
  /** The names the function calls, once each. */
  names: string[];
  /** The calls that pass the function's DI_FUNCTION parameter on (`Helper(InstallFunction, ...)`). */
  passingDifCode: Array<{ callee: string; call: SyntaxNode }>;
}

const cache = new WeakMap<FunctionInfo, FunctionCalls>();

export function callsOfFunction(fn: FunctionInfo): FunctionCalls {
  let calls = cache.get(fn);
  if (!calls) {
    const names = new Set<string>();
    const passingDifCode: FunctionCalls['passingDifCode'] = [];
    const difParam = fn.params.find((p) => p.typeName === ENTRY_POINT_PARAM_TYPES[0])?.name;
    forEachNamedCall(fn, (call, name) => {
      names.add(name);
      if (difParam && name !== fn.name && passes(call, difParam)) passingDifCode.push({ callee: name, call });
    });
    cache.set(fn, (calls = { names: [...names], passingDifCode }));
  }
  return calls;
}

export interface NamedCall {
  call: SyntaxNode;
  name: string;
}

const namedCalls = new WeakMap<FunctionInfo, NamedCall[]>();

/** Every call of the function with the name it calls, in text order. */
export function namedCallsOf(fn: FunctionInfo): NamedCall[] {
  let calls = namedCalls.get(fn);
  if (!calls) {
    const found: NamedCall[] = (calls = []);
    forEachNamedCall(fn, (call, name) => found.push({ call, name }));
    namedCalls.set(fn, calls);
  }
  return calls;
}

/** Each call of the function's body whose callee has a name, in text order. */
function forEachNamedCall(fn: FunctionInfo, visit: (call: SyntaxNode, name: string) => void): void {
  for (const call of fn.body?.descendantsOfType('call_expression') ?? []) {
    const name = calleeName(call);
    if (name) visit(call, name);
  }
}

function passes(call: SyntaxNode, variable: string): boolean {
  for (const a of arguments_(call)) if (a.type === 'identifier' && a.text === variable) return true;
  return false;
}
