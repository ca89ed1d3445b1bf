/**
 * engine/keptReports.ts: a C rule's reports for an entry point the analysis kept are kept with it, unless
 * the entry point moved or the rule read more than the entry point (the lines, for a fix).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../engine';
import { withKeptReports } from '../engine/keptReports';
import { cRuleContext, type CRuleContext } from '../engine/rules/c/context';
import type { Report, RuleDefinition } from '../engine/rules/rule';

const installer = (name: string, code: string) => `DWORD CALLBACK ${name}(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    if (InstallFunction == DIF_FINISHINSTALL_ACTION) {
        return ${code};
    }
    return ERROR_DI_DO_DEFAULT;
}
`;

const TEXT = ['First', 'Second', 'Third'].map((name) => installer(name, 'NO_ERROR')).join('\n');

/**
 * A rule that names every entry point (and, if `readsLines`, asks the lines something, as a fix does),
 * or (`silent`) names none, noting which it checked.
 */
function namingRule(readsLines: boolean, silent = false): { rule: RuleDefinition<CRuleContext>; checked: string[] } {
  const checked: string[] = [];
  const rule: RuleDefinition<CRuleContext> = {
    id: readsLines ? 'names-with-lines' : 'names',
    language: 'c',
    defaultSeverity: 'information',
    title: 'names',
    docs: { what: '', why: '', contractSection: '', wdk: [], bad: '', good: '' },
    check({ model, lines }, report) {
      for (const ep of model.entryPoints) {
        checked.push(ep.name);
        if (!silent) report({ range: ep.nameRange, message: readsLines ? `${ep.name} ${lines.lineBreak === '\n'}` : ep.name });
      }
    },
  };
  return { rule, checked };
}

test("a rule's reports for an entry point are kept while the entry point and its place are, unless the rule read the lines", async () => {
  const engine = await Engine.create();
  const plain = namingRule(false);
  const reading = namingRule(true);
  const silent = namingRule(false, true);
  const rules = withKeptReports([plain.rule, reading.rule, silent.rule]);
  const run = (text: string) => {
    const model = engine.analyze({ path: 'kept.c', text }).model!;
    const reports: Report[] = [];
    const expected: Report[] = [];
    for (const rule of [plain, reading, silent]) rule.checked.length = 0;
    for (const rule of rules) rule.check(cRuleContext('kept.c', text, model), (r) => reports.push(r));
    // The rules themselves, over the whole model: what the kept reports must equal.
    for (const rule of [namingRule(false).rule, namingRule(true).rule]) rule.check(cRuleContext('kept.c', text, model), (r) => expected.push(r));
    assert.deepEqual(reports, expected);
    return { plain: [...plain.checked], reading: [...reading.checked], silent: [...silent.checked] };
  };
  const all = ['First', 'Second', 'Third'];
  assert.deepEqual(run(TEXT), { plain: all, reading: all, silent: all });
  // One entry point changes (same length): only it is checked again by the rules that read nothing else.
  const edited = TEXT.replace(installer('Second', 'NO_ERROR'), installer('Second', 'NO_ERRAR'));
  assert.deepEqual(run(edited), { plain: ['Second'], reading: all, silent: ['Second'] });
  // A line above everything: every entry point moved, and what was reported about it is made again
  // (named where it is now); nothing reported stays nothing.
  assert.deepEqual(run('\n' + edited), { plain: all, reading: all, silent: [] });
  assert.deepEqual(run('\n' + edited), { plain: [], reading: all, silent: [] });
});
