/**
 * Fact: whether finish-install wizard pages were added on the path (yes / no / maybe), by a
 * SetupDiSetClassInstallParams call or a write to the page members. Records the wizard-pages events and
 * each return's pagesAdded.
 */
import { WIZARD_PAGE_CALLS, WIZARD_PAGE_FIELDS } from '../../catalogue';
import type { Frame, PathState, TraceInterpreter } from '../interpreter';
import type { Recogniser } from '../recogniser';
import type { SyntaxNode as Node } from '../syntaxTree';
import type { Tri } from '../types';

export const wizardPages: Recogniser<Tri> = {
  name: 'wizard-pages',
  calls: WIZARD_PAGE_CALLS,
  fieldWrites: WIZARD_PAGE_FIELDS,
  initialFact: 'no',
  // Facts are joined only when they differ.
  join: () => 'maybe',
  onCall: (w, call, _name, _args, state, frame) => addPages(w, call, state, frame),
  onFieldWrite: (w, write, _field, _right, _op, state, frame) => addPages(w, write, state, frame),
  onReturn(w, site, isNew, state) {
    const pages = w.fact(state, wizardPages);
    site.pagesAdded = isNew || site.pagesAdded === pages ? pages : 'maybe';
  },
};

function addPages(w: TraceInterpreter, node: Node, state: PathState, frame: Frame): PathState {
  w.event(node, frame, () => ({ kind: 'wizard-pages', range: node.range, callChain: frame.callChain }));
  return w.withFact(state, wizardPages, 'yes');
}
