/**
 * Fact: a check that decides whether finish-install work is needed dominates this point (on every path).
 * Any undecided condition counts, except dispatch on the DIF code, a PostProcessing / InstallResult test
 * and an error check of a SetupAPI call; so does a decided one that asks a helper about the device
 * (`if (NeedsFinishInstall(DeviceInfoSet, DeviceInfoData))`). Flag writes read it (flagWrites.ts).
 */
import { COINSTALLER_CONTEXT_FIELDS, constantValue, HRESULT_TESTS, isSetupApiFunction, LAST_ERROR_CALLS } from '../../catalogue';
import type { Recogniser } from '../recogniser';
import { arguments_, calleeName, unwrapCondition } from '../syntax';
import type { SyntaxNode as Node } from '../syntaxTree';
import type { Frame, PathState, TraceInterpreter } from '../interpreter';

const CONTEXT_FIELDS: ReadonlySet<string> = new Set(Object.values(COINSTALLER_CONTEXT_FIELDS));

export const needCheck: Recogniser<boolean> = {
  name: 'need-check',
  initialFact: false,
  // Checked where paths meet only if checked on every one of them.
  join: (facts) => facts.every(Boolean),
  onUndecidedCondition: (w, condition, state, frame) => (isNeedCheck(w, condition, state, frame) ? true : undefined),
  // A helper given the device reads the device's state, whatever the walker made of its result.
  onDecidedCondition: (w, condition, state, frame) => (asksAboutDevice(w, condition, state, frame) ? true : undefined),
};

/** Whether the condition calls a function of the installer's own (not SetupAPI) with the device among its arguments. */
function asksAboutDevice(w: TraceInterpreter, expr: Node, state: PathState, frame: Frame): boolean {
  if (expr.type === 'call_expression') {
    const name = calleeName(expr) ?? '';
    if (!(isSetupApiFunction(name) || LAST_ERROR_CALLS.has(name) || HRESULT_TESTS.has(name)) && arguments_(expr).some((a) => isDevice(w, a, state, frame))) return true;
  }
  return expr.namedChildren.some((c) => asksAboutDevice(w, c, state, frame));
}

function isDevice(w: TraceInterpreter, arg: Node, state: PathState, frame: Frame): boolean {
  const e = unwrapCondition(arg) ?? arg;
  if (e.type !== 'identifier') return false;
  const values = w.valuesOf(state, frame, e.text);
  return !!values && values.some((v) => v.kind === 'unknown' && v.source === 'parameter');
}

function isNeedCheck(w: TraceInterpreter, expr: Node, state: PathState, frame: Frame): boolean {
  let user = false;
  const visit = (n: Node): void => {
    if (user) return;
    switch (n.type) {
      case 'call_expression': {
        const name = calleeName(n) ?? '';
        if (!(isSetupApiFunction(name) || LAST_ERROR_CALLS.has(name) || HRESULT_TESTS.has(name))) user = true;
        return;
      }
      case 'field_expression': {
        if (CONTEXT_FIELDS.has(n.childForFieldName('field')?.text ?? '')) return;
        user = true;
        return;
      }
      case 'identifier': {
        const name = n.text;
        if (constantValue(name) !== undefined || w.index.defines.has(name)) return;
        const values = w.valuesOf(state, frame, name);
        if (!values) return;
        // A variable holding an error code (or a parameter) is an error check, not a decision.
        const errorLike = values.every(
          (v) =>
            (v.kind === 'constant' && (v.family === 'win32' || v.family === 'setupapi')) ||
            (v.kind === 'unknown' &&
              (v.source === 'last-error' || v.source === 'install-result' || v.source === 'parameter' ||
                (v.source === 'call' && v.callee !== undefined && isSetupApiFunction(v.callee)))),
        );
        if (!errorLike) user = true;
        return;
      }
      default:
        for (const c of n.namedChildren) visit(c);
    }
  };
  visit(expr);
  return user;
}
