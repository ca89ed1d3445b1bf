import { FINISHINSTALL_FLAG } from '../../catalogue';
import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { eventsOf, relatedChain, who } from './helpers';

export const flagWrongField: RuleDefinition<CRuleContext> = {
  id: 'flag-wrong-field',
  language: 'c',
  defaultSeverity: 'error',
  title: 'Device-install flag written into the wrong field (Flags vs FlagsEx)',
  docs: {
    what: 'Reports DI_FLAGSEX_FINISHINSTALL_ACTION written into `Flags`, and Flags bits such as DI_NEEDREBOOT written into `FlagsEx`.',
    why: 'DI_FLAGSEX_FINISHINSTALL_ACTION is a FlagsEx bit. In Flags the same bit (0x8) is DI_NOVCP, so the finish-install action is never requested and file copying changes behaviour instead. DI_NEEDREBOOT in FlagsEx is a different, unrelated bit: no restart is asked for.',
    contractSection: 'Constants; Traps worth a rule',
    wdk: ['SP_DEVINSTALL_PARAMS', 'Implementing Finish-Install Actions'],
    bad: 'DeviceInstallParams.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;   // sets DI_NOVCP',
    good: 'DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
    quickFix: 'Writes the flag into the right field.',
  },
  check({ model, lines }, report) {
    for (const ep of model.entryPoints) {
      for (const e of eventsOf([ep.overall], 'flag-write')) {
        const wrongFinish = e.flag.name === FINISHINSTALL_FLAG && e.field === 'Flags';
        const wrongFlags = e.flag.field === 'Flags' && e.field === 'FlagsEx';
        if (!wrongFinish && !wrongFlags) continue;
        const right = wrongFinish ? 'FlagsEx' : 'Flags';
        const consequence = wrongFinish
          ? 'in Flags this bit is DI_NOVCP, so the finish-install action is never requested'
          : `in FlagsEx this bit means something else, so ${e.flag.name} has no effect`;
        // The field name sits right before the operator: find it inside the written expression.
        const written = lines.textAt(e.range);
        const at = written.indexOf(e.field);
        const fieldRange =
          at >= 0 && e.range.start.line === e.range.end.line
            ? { start: { line: e.range.start.line, character: e.range.start.character + at }, end: { line: e.range.start.line, character: e.range.start.character + at + e.field.length } }
            : undefined;
        report({
          range: e.range,
          message: `The ${who(ep)} writes ${e.spelledAs} into ${e.field}; it belongs in ${right}: ${consequence}.`,
          related: relatedChain(e.callChain),
          fixes: fieldRange ? [{ title: `Write ${e.spelledAs} into ${right}`, edits: [{ range: fieldRange, newText: right }], preferred: true }] : undefined,
        });
      }
    }
  },
};
