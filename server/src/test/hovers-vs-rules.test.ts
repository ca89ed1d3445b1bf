/**
 * A hover's verdict on a returned value agrees with the rules, on every fixture and example: at every
 * value a hover lists under "Returned here", a ✘ appears iff a rule reports a finding there. Each root is
 * linted as one CLI run (so roles come from the INFs, exports and calls, as for a user), and the hovers
 * are asked of the very analyses that run made.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../cli/cli';
import type { FileAnalyzer } from '../cli/lint';
import { Engine, type AnalyzeOptions, type Position, type SourceDocument } from '../engine';
import { explainAt } from '../engine/features/explain';
import { rangeContains } from '../engine/features/context';
import { REPO_ROOT } from './support/fixtures';

/** Where a returned value can be written (scanned in the fixture text by the test, not by the engine). */
const VALUE_TOKEN = /\b(?:ERROR_\w+|NO_ERROR|TRUE|FALSE|S_OK|S_FALSE|0[xX][0-9a-fA-F]+|\d+)\b/g;
/** Their findings are suppressed on purpose, by the comments the fixture is about. */
const SUPPRESSIONS_FIXTURE = 'test/fixtures/c/suppressions/';

function roots(): string[] {
  const sub = (relative: string) =>
    fs.readdirSync(path.join(REPO_ROOT, relative), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${relative}/${e.name}`);
  return ['examples', 'test/workspace', 'test/fixtures/editor', ...sub('test/fixtures/c'), 'test/fixtures/inf-crossfile', ...sub('test/fixtures/packages')].filter((r) =>
    fs.existsSync(path.join(REPO_ROOT, r)),
  );
}

test('on every fixture, a hover says ✘ at a returned value exactly where a rule reports a finding', async () => {
  const engine = await Engine.create();
  const disagreements: string[] = [];
  let returnsChecked = 0;
  for (const root of roots()) {
    // The last analysis of each file is the one whose findings the run reports (a file may be analysed again with more evidence).
    const analyses = new Map<string, { doc: SourceDocument; options: AnalyzeOptions }>();
    const recorder: FileAnalyzer = {
      load: (language) => engine.load(language),
      analyze: (doc, options = {}) => {
        analyses.set(doc.path, { doc, options });
        return engine.analyze(doc, options);
      },
    };
    await main(['--format', 'json', root], { stdout: () => {}, stderr: () => {}, cwd: REPO_ROOT }, { createAnalyzer: async () => recorder });
    for (const [file, { doc, options }] of analyses) {
      const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      // Analysed again as the run did, but kept (not transient) so that the hovers can read its tree.
      const result = engine.analyze(doc, { ...options, transient: false });
      if (!result.model || relative.startsWith(SUPPRESSIONS_FIXTURE)) continue;
      doc.text.split('\n').forEach((line, lineNumber) => {
        for (const match of line.matchAll(VALUE_TOKEN)) {
          const position: Position = { line: lineNumber, character: match.index! };
          const markdown = explainAt(engine, doc, position, { analysis: result, docUrl: (p) => p })?.markdown ?? '';
          const returned = markdown.split('**Returned here:**')[1]?.split('[Finish-install contract')[0];
          if (returned === undefined) continue;
          returnsChecked++;
          const wrong = returned.includes('✘');
          const findings = result.findings.filter((f) => rangeContains(f.range, position)).map((f) => f.ruleId);
          if (wrong !== findings.length > 0) {
            disagreements.push(`${relative}:${lineNumber + 1}:${match.index! + 1} ${match[0]}: hover ${wrong ? '✘' : '✔'}, findings [${findings.join(', ')}]\n${returned.trim()}`);
          }
        }
      });
    }
  }
  assert.ok(returnsChecked > 50, `only ${returnsChecked} returned values found`);
  assert.deepEqual(disagreements, []);
});
