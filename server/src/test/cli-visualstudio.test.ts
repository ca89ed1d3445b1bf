/** `--format visualstudio`: the exact lines, and what MSBuild (support/msbuild.ts) makes of them. */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ALL_RULES, type Finding } from '../engine';
import { main } from '../cli/cli';
import type { JsonFinding } from '../cli/formats/json';
import { VISUAL_STUDIO_CODES } from '../cli/formats/visualStudio';
import type { FileAnalyzer } from '../cli/lint';
import { REPO_ROOT } from './support/fixtures';
import { asMsBuild } from './support/msbuild';

async function runCli(argv: string[], analyzer?: FileAnalyzer): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, cwd: REPO_ROOT };
  const code = await main(argv, io, analyzer ? { createAnalyzer: async () => analyzer } : undefined);
  return { code, stdout };
}

const FABRIKAM = path.join(REPO_ROOT, 'examples', 'fabrikam-coinstaller');
const inErrorList = (f: JsonFinding) => f.severity === 'error' || f.severity === 'warning';

describe('--format visualstudio', () => {
  test('one canonical line per finding with an absolute path, then the summary; same exit code as text', async () => {
    const vs = await runCli(['--format', 'visualstudio', 'examples/fabrikam-coinstaller']);
    const json = await runCli(['--format', 'json', 'examples/fabrikam-coinstaller']);
    const text = await runCli(['examples/fabrikam-coinstaller']);
    assert.equal(vs.code, 1);
    assert.equal(vs.code, text.code);
    const lines = vs.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), text.stdout.trimEnd().split('\n').at(-1), 'the text format\'s summary line');

    const findings = JSON.parse(json.stdout) as JsonFinding[];
    assert.deepEqual(
      lines.slice(0, -1),
      findings.map((f) => `${path.join(REPO_ROOT, f.file)}(${f.line},${f.column}): ${inErrorList(f) ? f.severity : 'info'} ${VISUAL_STUDIO_CODES[f.ruleId]}: ${f.message} [${f.ruleId}]`),
    );
    const doDefault = findings.find((f) => f.ruleId === 'coinstaller-do-default')!;
    assert.ok(findings.some((f) => !inErrorList(f)), 'the example has an information finding (inf-legacy-installer)');
    assert.ok(
      lines.includes(`${path.join(FABRIKAM, 'FabrikamCo.c')}(43,12): error FIL0009: ${doDefault.message} [coinstaller-do-default]`),
      vs.stdout,
    );
  });

  test('MSBuild reads every finding line as an error or warning with its code, file, line and column, and the summary as a plain message', async () => {
    const vs = await runCli(['--format', 'visualstudio', 'examples/fabrikam-coinstaller']);
    const json = JSON.parse((await runCli(['--format', 'json', 'examples/fabrikam-coinstaller'])).stdout) as JsonFinding[];
    const lines = vs.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map(asMsBuild),
      json.map((f) =>
        inErrorList(f)
          ? { category: f.severity, code: VISUAL_STUDIO_CODES[f.ruleId], file: path.join(REPO_ROOT, f.file), line: f.line, column: f.column, text: `${f.message} [${f.ruleId}]` }
          : undefined,
      ),
    );
    assert.match(lines.at(-1)!, /errors?.*warnings?/, 'the summary names errors and warnings...');
    assert.equal(asMsBuild(lines.at(-1)!), undefined, '...but is no error or warning to MSBuild');
  });

  test('information and hints stay out of the Error List, even when their message says "error:"; messages stay on one line', async () => {
    const at = (severity: Finding['severity'], line: number, message: string): Finding => ({
      ruleId: 'flag-set-unconditionally',
      severity,
      message,
      range: { start: { line, character: 4 }, end: { line, character: 9 } },
    });
    const analyzer: FileAnalyzer = {
      async load() {},
      analyze: (doc) => ({
        findings: doc.path.endsWith('.c') ? [at('information', 0, 'see error: the flag'), at('hint', 1, 'a warning: maybe'), at('warning', 2, 'two\nlines')] : [],
        entryPoints: [],
        ruleFailures: [],
      }),
    };
    const out = await runCli(['--format', 'visualstudio', path.join(FABRIKAM, 'FabrikamCo.c')], analyzer);
    const file = path.join(FABRIKAM, 'FabrikamCo.c');
    assert.equal(
      out.stdout,
      `${file}(1,5): info FIL0006: see error: the flag [flag-set-unconditionally]\n` +
        `${file}(2,5): info FIL0006: a warning: maybe [flag-set-unconditionally]\n` +
        `${file}(3,5): warning FIL0006: two lines [flag-set-unconditionally]\n` +
        '3 problems (0 errors, 1 warning, 1 information, 1 hint) in 1 of 1 file\n',
    );
    assert.equal(out.code, 0);
    const read = out.stdout.split('\n').map(asMsBuild);
    assert.deepEqual(read.map((m) => m?.category), [undefined, undefined, 'warning', undefined, undefined]);
  });

  test('a Windows path with a drive letter and parentheses is read as the file', () => {
    const line = 'C:\\Program Files (x86)\\Fabrikam\\FabrikamCo.c(43,12): error FIL0009: returns ERROR_DI_DO_DEFAULT [coinstaller-do-default]';
    assert.deepEqual(asMsBuild(line), {
      category: 'error',
      code: 'FIL0009',
      file: 'C:\\Program Files (x86)\\Fabrikam\\FabrikamCo.c',
      line: 43,
      column: 12,
      text: 'returns ERROR_DI_DO_DEFAULT [coinstaller-do-default]',
    });
  });

  test('every rule has its own code, FIL and four digits; the first codes never move', () => {
    const codes = ALL_RULES.map((rule) => VISUAL_STUDIO_CODES[rule.id]);
    for (const [i, code] of codes.entries()) assert.match(code ?? '', /^FIL\d{4}$/, `${ALL_RULES[i].id} has no code`);
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
    assert.deepEqual(Object.keys(VISUAL_STUDIO_CODES).sort(), ALL_RULES.map((r) => r.id).sort(), 'no codes for rules that do not exist');
    assert.equal(VISUAL_STUDIO_CODES['flag-not-set'], 'FIL0001');
    assert.equal(VISUAL_STUDIO_CODES['coinstaller-do-default'], 'FIL0009');
    assert.equal(VISUAL_STUDIO_CODES['inf-installer-not-copied'], 'FIL0103');
  });
});
