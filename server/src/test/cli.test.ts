/**
 * The command-line tool, end to end: main() with captured output on real files through the real engine,
 * plus a fake analyzer where a test needs findings the rules do not produce yet (hints, related
 * locations, fixes, rule crashes). Trees that git cannot hold (symlinks, binary and UTF-16 files,
 * node_modules) are written to a temporary folder per test.
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { ALL_RULES, decodeText, ruleDocPath, type AnalysisResult, type AnalyzeOptions, type Finding, type SourceDocument } from '../engine';
import { main } from '../cli/cli';
import type { JsonFinding } from '../cli/formats/json';
import type { FileAnalyzer } from '../cli/lint';
import { writeFiles } from './support/files';
import { parseValidSarifText } from './support/sarif';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'cli-fixtures');
const BASIC = path.join(FIXTURES, 'basic');
const STRICT = path.join(FIXTURES, 'strict');
const COINSTALLER_C = fs.readFileSync(path.join(BASIC, 'installer', 'coinstaller.c'), 'utf8');
const SAMPLE_INF = fs.readFileSync(path.join(BASIC, 'package', 'sample.inf'), 'utf8');

const TEXT_FINDING_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint) (.+) \[([a-z0-9-]+)\]$/;
const SUMMARY_LINE = /^(\d+) problems? \((\d+) errors?, (\d+) warnings?(?:, (\d+) information)?(?:, (\d+) hints?)?\) in (\d+) of (\d+) files?$/;

interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(argv: string[], options: { cwd?: string; analyzer?: FileAnalyzer } = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: options.cwd ?? REPO_ROOT };
  const analyzer = options.analyzer;
  const code = await main(argv, io, analyzer ? { createAnalyzer: async () => analyzer } : undefined);
  return { code, stdout, stderr };
}

function stderrLines(outcome: CliOutcome): string[] {
  return outcome.stderr.split('\n').filter((l) => l.trim() !== '');
}

/** 1-based position of `needle` in `text`, as the CLI prints it. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" not in text`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

const temporaryFolders: string[] = [];
after(() => {
  for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path -> text or bytes); returns its real path. */
function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-cli-')));
  temporaryFolders.push(root);
  writeFiles(root, files);
  return root;
}

function trySymlink(target: string, link: string): boolean {
  try {
    fs.symlinkSync(target, link);
    return true;
  } catch {
    return false; // e.g. Windows without the symlink privilege
  }
}

function parseJson(outcome: CliOutcome): JsonFinding[] {
  return JSON.parse(outcome.stdout) as JsonFinding[];
}

function parseValidSarif(outcome: CliOutcome): sarif.Log {
  return parseValidSarifText(outcome.stdout);
}

/** A stand-in engine: records what it was asked and answers with `respond`'s findings. */
function fakeAnalyzer(respond: (doc: SourceDocument, options: AnalyzeOptions) => Partial<AnalysisResult> = () => ({})) {
  const calls: Array<{ path: string; text: string; options: AnalyzeOptions }> = [];
  const analyzer: FileAnalyzer = {
    analyze(doc, options = {}) {
      calls.push({ path: doc.path, text: doc.text, options });
      return { findings: [], entryPoints: [], ruleFailures: [], ...respond(doc, options) };
    },
    async load() {},
  };
  return { analyzer, calls };
}

function finding(ruleId: string, severity: Finding['severity'], line: number, character: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity, message: `${ruleId} here`, range: { start: { line, character }, end: { line, character: character + 3 } }, ...extra };
}

describe('arguments', () => {
  test('no PATH is a usage error (exit 2, usage on stderr, nothing on stdout)', async () => {
    const out = await runCli([]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /no PATH given/);
    assert.match(out.stderr, /Usage: finish-install-lint/);
    assert.equal(out.stdout, '');
  });

  for (const [argv, message] of [
    [['--frobnicate', BASIC], /unknown option --frobnicate/],
    [['--format', 'xml', BASIC], /--format must be one of text, json, sarif/],
    [['--format'], /--format needs a value/],
    [['--max-file-size-kb', 'lots', BASIC], /--max-file-size-kb must be a positive number/],
    [['--max-file-size-kb=0', BASIC], /--max-file-size-kb must be a positive number/],
    [['--config=', BASIC], /--config needs a file name/],
  ] as Array<[string[], RegExp]>) {
    test(`usage error: ${argv.join(' ')}`, async () => {
      const out = await runCli(argv);
      assert.equal(out.code, 2);
      assert.match(out.stderr, message);
      assert.equal(out.stdout, '');
    });
  }

  test('a PATH that does not exist: exit 2 naming it, the other PATHs still linted', async () => {
    const missing = path.join(BASIC, 'no-such-folder');
    const out = await runCli([BASIC, missing]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /no-such-folder: cannot read: no such file or folder/);
    assert.match(out.stdout, /in 2 of 3 files/);
  });

  test('--help and --version print to stdout and exit 0', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format text\|json\|sarif/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });

  test('--option=value and --option value are the same', async () => {
    const a = await runCli(['--format=json', BASIC]);
    const b = await runCli(['--format', 'json', BASIC]);
    assert.equal(a.code, b.code);
    assert.deepEqual(parseJson(a), parseJson(b));
  });
});

describe('-D pins a macro the build defines', () => {
  const ARMS = path.join(REPO_ROOT, 'test', 'fixtures', 'packages', 'platform-arms-coinstaller');
  const RETURN_32 = positionOf(fs.readFileSync(path.join(ARMS, 'armsco.c'), 'utf8'), 'ERROR_DI_DO_DEFAULT;');

  test('unpinned, both builds of #ifdef _WIN64 are checked: the 32-bit arm\'s return is reported', async () => {
    const outcome = await runCli(['--format', 'json', ARMS]);
    assert.equal(outcome.code, 1);
    assert.deepEqual(parseJson(outcome).map((f) => [f.ruleId, f.line, f.column]), [['coinstaller-do-default', RETURN_32.line, RETURN_32.column]]);
  });

  test('-D _WIN64, -D_WIN64 and -D _WIN64=1 build only the 64-bit arm: nothing to report', async () => {
    for (const argv of [['-D', '_WIN64'], ['-D_WIN64'], ['-D', '_WIN64=1']]) {
      const outcome = await runCli(['--format', 'json', ...argv, ARMS]);
      assert.equal(outcome.code, 0, argv.join(' '));
      assert.deepEqual(parseJson(outcome), []);
    }
  });

  test('a -D that names no macro is a usage error (exit 2)', async () => {
    for (const argv of [['-D', '1ABC'], ['-D']]) {
      const outcome = await runCli([...argv, ARMS]);
      assert.equal(outcome.code, 2, argv.join(' '));
      assert.match(outcome.stderr, /-D needs/);
    }
  });

  test('the defines of .finish-install.json pin too', async () => {
    const root = makeTree({
      'armsco.c': fs.readFileSync(path.join(ARMS, 'armsco.c'), 'utf8'),
      '.finish-install.json': '{"defines": {"_WIN64": 1}}',
    });
    assert.deepEqual(parseJson(await runCli(['--format', 'json', root])), []);
  });
});

describe('finding files', () => {
  test('folders are searched recursively for C/C++ and INF files; node_modules, dot-folders and other files are skipped', async () => {
    const root = makeTree({
      'src/a.c': COINSTALLER_C,
      'src/deep/er/b.CPP': COINSTALLER_C,
      'src/c.cc': '',
      'src/d.cxx': '',
      'src/e.h': '',
      'src/f.hpp': '',
      'pkg/g.INF': SAMPLE_INF,
      'pkg/h.inx': SAMPLE_INF,
      'pkg/winusb.inf.in': SAMPLE_INF,
      'pkg/configure.in': 'AC_INIT([pkg])\n',
      'notes.txt': 'x',
      'node_modules/dep/ignored.c': COINSTALLER_C,
      '.vs/ignored.c': COINSTALLER_C,
      'src/.cache/ignored.inf': SAMPLE_INF,
    });
    const { analyzer, calls } = fakeAnalyzer();
    const out = await runCli([root], { analyzer });
    assert.equal(out.code, 0, out.stderr);
    const analysed = calls.map((c) => path.relative(root, c.path).split(path.sep).join('/'));
    assert.deepEqual(analysed.sort(), ['pkg/g.INF', 'pkg/h.inx', 'pkg/winusb.inf.in', 'src/a.c', 'src/c.cc', 'src/d.cxx', 'src/deep/er/b.CPP', 'src/e.h', 'src/f.hpp']);
    assert.equal(out.stderr, '');
  });

  test('the real engine on the basic fixture reports only files inside the tree, relative to the working folder', async () => {
    const out = await runCli(['--format', 'json', 'test/cli-fixtures/basic']);
    const files = new Set(parseJson(out).map((f) => f.file));
    assert.ok(files.has(path.join('test', 'cli-fixtures', 'basic', 'installer', 'coinstaller.c')));
    assert.ok(files.has(path.join('test', 'cli-fixtures', 'basic', 'package', 'sample.inf')));
    for (const file of files) assert.ok(file.startsWith(path.join('test', 'cli-fixtures', 'basic') + path.sep), file);
  });

  test('C++ files and headers are analysed too (the C++ grammar loads with the first one that holds an installer)', async () => {
    const cpp = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'c', 'returns', 'class-installer-if-chain.cpp'), 'utf8');
    const root = makeTree({ 'a.c': COINSTALLER_C, 'classinst.cpp': cpp, 'classinst.h': cpp, 'plain.hpp': 'int f(void);\n' });
    const out = await runCli(['--format', 'json', root]);
    const ids = (file: string) => parseJson(out).filter((f) => path.basename(f.file) === file).map((f) => f.ruleId).sort();
    const expected = ['class-action-no-error', 'class-postprocessing', 'unhandled-dif-return'];
    assert.deepEqual(ids('classinst.cpp'), expected);
    assert.deepEqual(ids('classinst.h'), expected);
    assert.deepEqual(ids('plain.hpp'), []);
    assert.equal(out.stderr.includes('analysis failed'), false, out.stderr);
  });

  test('a file named on the command line is linted; one that is neither C/C++ nor INF makes the run exit 2 with one line', async () => {
    const root = makeTree({ 'a.c': COINSTALLER_C, 'notes.txt': 'x' });
    const out = await runCli(['--format', 'json', path.join(root, 'a.c'), path.join(root, 'notes.txt')]);
    assert.equal(out.code, 2, 'never a pass');
    // As for any path that cannot be checked: the files that could be are still reported.
    assert.deepEqual(parseJson(out).map((f) => path.basename(f.file)), ['a.c']);
    assert.deepEqual(stderrLines(out).length, 1);
    assert.match(out.stderr, /notes\.txt: cannot lint it: not a C\/C\+\+ or INF file/);
  });

  test('an INF template named on the command line is analysed: .inf.in, or any name whose first section is an INF section', async () => {
    const inf = '[Version]\nSignature = "$WINDOWS NT$"\nDriverVer = #DRIVER_DATE#, #DRIVER_VERSION#\n\n[USB_Install]\nCopyFiles = Missing_Files\n';
    const root = makeTree({ 'winusb.inf.in': inf, 'toaster.inf.template': '/*++\nGenerated by the package builder\n--*/\n' + inf });
    for (const name of ['winusb.inf.in', 'toaster.inf.template']) {
      const out = await runCli(['--format', 'json', path.join(root, name)]);
      assert.equal(stderrLines(out).length, 0, out.stderr);
      const findings = parseJson(out);
      assert.deepEqual(findings.map((f) => `${f.line} ${f.ruleId}`), ['6 inf-syntax'].map((l) => (name === 'winusb.inf.in' ? l : l.replace('6', '9'))));
    }
  });

  test('a folder without C/C++ or INF files: a note on stderr, an empty report, exit 0', async () => {
    const root = makeTree({ 'notes.txt': 'x', 'node_modules/dep/a.c': COINSTALLER_C });
    const out = await runCli([root]);
    assert.equal(out.code, 0);
    assert.match(out.stderr, /no C\/C\+\+ or INF files found in /);
    assert.equal(out.stdout, '0 problems (0 errors, 0 warnings) in 0 of 0 files\n');
  });

  test('the same file named twice is linted once', async () => {
    const { analyzer, calls } = fakeAnalyzer();
    await runCli([path.join(BASIC, 'installer'), path.join(BASIC, 'installer', 'coinstaller.c')], { analyzer });
    assert.equal(calls.filter((c) => c.path.endsWith('coinstaller.c')).length, 1);
  });
});

describe('two passes: INF files get the entry points of the C/C++ files', () => {
  const entryPoint = {
    name: 'SampleCoInstaller',
    kind: 'co-installer' as const,
    path: '',
    range: { start: { line: 4, character: 14 }, end: { line: 4, character: 31 } },
    handledDifs: ['DIF_FINISHINSTALL_ACTION'],
  };

  test('C/C++ files are analysed first and INF files receive all their entry points', async () => {
    const root = makeTree({ 'a.inf': SAMPLE_INF, 'b.c': COINSTALLER_C, 'c.h': '', 'z.inx': SAMPLE_INF });
    const { analyzer, calls } = fakeAnalyzer((doc) => (doc.path.endsWith('.c') ? { entryPoints: [{ ...entryPoint, path: doc.path }] } : {}));
    const out = await runCli([root], { analyzer });
    assert.equal(out.code, 0);
    const order = calls.map((c) => path.basename(c.path));
    assert.deepEqual(order, ['b.c', 'c.h', 'a.inf', 'z.inx']);
    for (const call of calls.slice(0, 2)) assert.equal(call.options.entryPoints, undefined);
    for (const call of calls.slice(2)) assert.deepEqual(call.options.entryPoints, [{ ...entryPoint, path: path.join(root, 'b.c') }]);
  });

  test('C/C++ files without entry points give INF files an empty list, not undefined', async () => {
    const root = makeTree({ 'a.inf': SAMPLE_INF, 'b.h': '' });
    const { analyzer, calls } = fakeAnalyzer();
    await runCli([root], { analyzer });
    assert.deepEqual(calls.find((c) => c.path.endsWith('.inf'))?.options.entryPoints, []);
  });

  test('a run without C/C++ files gives INF files no entry points (undefined)', async () => {
    const { analyzer, calls } = fakeAnalyzer();
    await runCli([path.join(BASIC, 'package')], { analyzer });
    assert.equal(calls.length, 1);
    assert.ok('entryPoints' in calls[0].options);
    assert.equal(calls[0].options.entryPoints, undefined);
  });
});

describe('two passes with the real engine (test/cli-fixtures/cross-check)', () => {
  const CROSS_CHECK = path.join(FIXTURES, 'cross-check');
  const RULE = 'inf-entry-point-missing';
  const ruleExists = ALL_RULES.some((r) => r.id === RULE);

  test('the INF is checked against the entry points of the C file; SARIF carries the related location and the fix', async (t) => {
    if (!ruleExists) return t.skip(`${RULE} is not in the engine yet`);
    const out = await runCli(['--format', 'sarif', CROSS_CHECK]);
    assert.equal(out.code, 1, out.stderr);
    const results = parseValidSarif(out).runs[0].results ?? [];
    const missing = results.find((r) => r.ruleId === RULE);
    assert.ok(missing, JSON.stringify(results.map((r) => r.ruleId)));
    assert.equal(missing.locations![0].physicalLocation!.artifactLocation!.uri, 'pkg/sample.inf');
    assert.equal(missing.level, 'error');
    const entryAt = positionOf(fs.readFileSync(path.join(CROSS_CHECK, 'src', 'co.c'), 'utf8'), 'SampleCoInstaller(');
    const related = missing.relatedLocations?.[0]?.physicalLocation;
    assert.deepEqual([related?.artifactLocation?.uri, related?.region?.startLine], ['src/co.c', entryAt.line]);
    const replacement = missing.fixes?.[0]?.artifactChanges[0].replacements[0];
    assert.match(replacement?.insertedContent?.text ?? '', /SampleCoInstaller/);
  });

  test('the same INF linted alone gets no entry points, so the cross-check stays silent', async (t) => {
    if (!ruleExists) return t.skip(`${RULE} is not in the engine yet`);
    const out = await runCli(['--format', 'json', path.join(CROSS_CHECK, 'pkg')]);
    assert.ok(!parseJson(out).some((f) => f.ruleId === RULE), out.stdout);
  });
});

describe('text format', () => {
  test('one line per finding (1-based file:line:col: severity message [id]) and a summary line', async () => {
    const out = await runCli([path.relative(REPO_ROOT, BASIC)]);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trimEnd().split('\n');
    const summary = SUMMARY_LINE.exec(lines[lines.length - 1]);
    assert.ok(summary, `no summary line in:\n${out.stdout}`);
    const findingLines = lines.slice(0, -1);
    for (const line of findingLines) assert.match(line, TEXT_FINDING_LINE);
    assert.equal(Number(summary[1]), findingLines.length);
    assert.equal(Number(summary[7]), 3, 'coinstaller.c, helpers.h and sample.inf');

    const at = positionOf(COINSTALLER_C, 'no-such-rule');
    const expected = `${path.join('test', 'cli-fixtures', 'basic', 'installer', 'coinstaller.c')}:${at.line}:${at.column}: warning Unknown rule id "no-such-rule"`;
    assert.ok(findingLines.some((l) => l.startsWith(expected) && l.endsWith('[unknown-rule-id]')), out.stdout);
    const infAt = positionOf(SAMPLE_INF, 'no-such-inf-rule');
    assert.ok(findingLines.some((l) => l.startsWith(`${path.join('test', 'cli-fixtures', 'basic', 'package', 'sample.inf')}:${infAt.line}:${infAt.column}: warning`)));
  });

  test('the summary counts every severity and files with problems; messages stay on one line', async () => {
    const { analyzer } = fakeAnalyzer((doc) =>
      doc.path.endsWith('coinstaller.c')
        ? {
            findings: [
              finding('unknown-rule-id', 'error', 0, 0, { message: 'first line\nsecond line' }),
              finding('unknown-rule-id', 'warning', 1, 0),
              finding('unknown-rule-id', 'information', 2, 0),
              finding('unknown-rule-id', 'hint', 3, 0),
            ],
          }
        : {},
    );
    const out = await runCli([BASIC], { analyzer });
    assert.equal(out.code, 1);
    const lines = out.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /:1:1: error first line second line \[unknown-rule-id\]$/);
    assert.equal(lines[4], '4 problems (1 error, 1 warning, 1 information, 1 hint) in 1 of 3 files');
  });

  test('no findings: a summary line only', async () => {
    const out = await runCli([path.join(BASIC, 'installer', 'helpers.h')]);
    assert.equal(out.code, 0);
    assert.equal(out.stdout, '0 problems (0 errors, 0 warnings) in 0 of 1 file\n');
  });
});

describe('JSON format', () => {
  test('an array of {file, line, column, endLine, endColumn, ruleId, severity, message}, 1-based', async () => {
    const out = await runCli(['--format', 'json', BASIC]);
    assert.equal(out.code, 0);
    const findings = parseJson(out);
    assert.ok(Array.isArray(findings) && findings.length >= 2);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'ruleId', 'severity']);
      for (const n of [f.line, f.column, f.endLine, f.endColumn]) assert.ok(Number.isInteger(n) && n >= 1);
    }
    const at = positionOf(COINSTALLER_C, 'no-such-rule');
    const unknown = findings.find((f) => f.file.endsWith('coinstaller.c') && f.ruleId === 'unknown-rule-id');
    assert.deepEqual(unknown && { line: unknown.line, column: unknown.column, endLine: unknown.endLine, endColumn: unknown.endColumn, severity: unknown.severity }, {
      line: at.line,
      column: at.column,
      endLine: at.line,
      endColumn: at.column + 'no-such-rule'.length,
      severity: 'warning',
    });
  });

  test('no findings: an empty array', async () => {
    const out = await runCli(['--format', 'json', path.join(BASIC, 'installer', 'helpers.h')]);
    assert.deepEqual(parseJson(out), []);
  });
});

describe('SARIF format', () => {
  test('the real engine output is valid SARIF 2.1.0 with every rule described', async () => {
    const out = await runCli(['--format', 'sarif', 'test/cli-fixtures/basic']);
    assert.equal(out.code, 0);
    const log = parseValidSarif(out);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [run] = log.runs;
    const driver = run.tool.driver;
    assert.equal(driver.name, 'finish-install-lint');
    assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    assert.deepEqual(
      driver.rules?.map((r) => r.id),
      ALL_RULES.map((r) => r.id),
    );
    for (const [index, rule] of ALL_RULES.entries()) {
      const descriptor: sarif.ReportingDescriptor = driver.rules![index];
      assert.equal(descriptor.shortDescription?.text, rule.title);
      assert.equal(descriptor.fullDescription?.text, rule.docs.what);
      assert.ok(descriptor.help?.text?.includes(rule.docs.why));
      assert.ok(descriptor.help?.markdown?.includes(rule.docs.bad) && descriptor.help.markdown.includes(rule.docs.good));
      assert.ok(descriptor.helpUri?.endsWith('/' + ruleDocPath(rule.id)), descriptor.helpUri);
      const level = rule.defaultSeverity === 'error' ? 'error' : rule.defaultSeverity === 'warning' ? 'warning' : 'note';
      assert.equal(descriptor.defaultConfiguration?.level, level);
    }

    const results = run.results ?? [];
    assert.ok(results.length >= 2);
    for (const result of results) {
      assert.equal(driver.rules![result.ruleIndex!].id, result.ruleId);
      const location = result.locations![0].physicalLocation!;
      assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
      assert.ok(location.region!.startLine! >= 1 && location.region!.startColumn! >= 1);
    }
    const at = positionOf(COINSTALLER_C, 'no-such-rule');
    const unknown = results.find((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === 'installer/coinstaller.c');
    assert.deepEqual(unknown?.locations![0].physicalLocation!.region, {
      startLine: at.line,
      startColumn: at.column,
      endLine: at.line,
      endColumn: at.column + 'no-such-rule'.length,
    });
    assert.equal(unknown?.level, 'warning');
    assert.ok(results.some((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === 'package/sample.inf'));
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(BASIC).href + '/');
    assert.equal(run.invocations?.[0].executionSuccessful, true);
  });

  test('paths are relative to the run root, whatever the working folder', async () => {
    const elsewhere = makeTree({});
    const out = await runCli(['--format', 'sarif', BASIC], { cwd: elsewhere });
    const uris = (parseValidSarif(out).runs[0].results ?? []).map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!);
    assert.ok(uris.length >= 2);
    for (const uri of uris) {
      assert.ok(!uri.includes('..') && !uri.includes('\\') && !uri.startsWith('/') && !uri.startsWith('file:'), uri);
    }
    assert.ok(uris.includes('installer/coinstaller.c'));
  });

  test('several PATHs: the root is their deepest common folder', async () => {
    const out = await runCli(['--format', 'sarif', path.join(BASIC, 'installer'), path.join(BASIC, 'package', 'sample.inf')]);
    const run = parseValidSarif(out).runs[0];
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(BASIC).href + '/');
    const uris = (run.results ?? []).map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri);
    assert.ok(uris.includes('installer/coinstaller.c') && uris.includes('package/sample.inf'), uris.join());
  });

  test('names with spaces and non-ASCII characters become valid URI references', async () => {
    const root = makeTree({ 'my folder/ünïcode #1.c': COINSTALLER_C });
    const out = await runCli(['--format', 'sarif', root]);
    const uri = parseValidSarif(out).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri!;
    assert.equal(decodeURIComponent(uri), 'my folder/ünïcode #1.c');
    assert.ok(!uri.includes(' ') && !uri.includes('#'), uri);
  });

  test('hints become notes; related locations, fixes and rule failures are carried and schema-valid', async () => {
    const root = makeTree({ 'src/co.c': COINSTALLER_C, 'src/other.c': COINSTALLER_C, 'pkg/a.inf': SAMPLE_INF });
    const other = path.join(root, 'src', 'other.c');
    const { analyzer } = fakeAnalyzer((doc) => {
      if (doc.path.endsWith('co.c')) {
        return {
          findings: [
            finding('unknown-rule-id', 'hint', 7, 4, {
              related: [
                { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } }, message: 'same file' },
                { path: other, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, message: 'other file' },
              ],
              fixes: [
                { title: 'Remove the id', preferred: true, edits: [{ range: { start: { line: 7, character: 39 }, end: { line: 7, character: 52 } }, newText: '' }] },
                { title: 'A fix with no edits is dropped', edits: [] },
              ],
            }),
          ],
          ruleFailures: [{ ruleId: 'file-skipped', error: new Error('boom') }],
        };
      }
      return doc.path.endsWith('.inf') ? { findings: [finding('unknown-rule-id', 'information', 4, 35)] } : {};
    });
    const out = await runCli(['--format', 'sarif', root], { analyzer });
    assert.equal(out.code, 0, 'no error-severity finding, and a rule failure does not change the exit code');
    const run = parseValidSarif(out).runs[0];
    const results = run.results!;
    assert.deepEqual(
      results.map((r) => r.level),
      ['note', 'note'],
    );
    const hint = results.find((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === 'src/co.c')!;
    assert.deepEqual(
      hint.relatedLocations?.map((l) => [l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine, l.message?.text]),
      [
        ['src/co.c', 5, 'same file'],
        ['src/other.c', 2, 'other file'],
      ],
    );
    assert.equal(hint.fixes?.length, 1);
    assert.equal(hint.fixes![0].description?.text, 'Remove the id');
    assert.deepEqual(hint.fixes![0].artifactChanges[0].replacements[0], {
      deletedRegion: { startLine: 8, startColumn: 40, endLine: 8, endColumn: 53 },
      insertedContent: { text: '' },
    });
    const invocation = run.invocations![0];
    assert.equal(invocation.executionSuccessful, false);
    const failure = invocation.toolExecutionNotifications?.find((n) => n.associatedRule?.id === 'file-skipped');
    assert.match(failure?.message.text ?? '', /boom/);
    assert.equal(failure?.level, 'error');
    assert.match(out.stderr, /src[\\/]co\.c: rule file-skipped failed .*boom/);
  });
});

describe('exit codes and configuration', () => {
  test('warnings only: exit 0', async () => {
    const out = await runCli([BASIC]);
    assert.equal(out.code, 0);
    assert.match(out.stdout, / warning /);
  });

  test('an error-severity finding: exit 1; the nearest .finish-install.json applies to each file', async () => {
    const out = await runCli(['--format', 'json', STRICT]);
    assert.equal(out.code, 1);
    const findings = parseJson(out);
    assert.ok(findings.some((f) => f.file.endsWith(path.join('sub', 'coinstaller.c')) && f.ruleId === 'unknown-rule-id' && f.severity === 'error'));
    assert.ok(!findings.some((f) => f.file.includes(`${path.sep}relaxed${path.sep}`)), 'strict/relaxed/.finish-install.json turns the rule off there');
  });

  test('config lookup stops at the folder given on the command line', async () => {
    const out = await runCli(['--format', 'json', path.join(STRICT, 'sub')]);
    assert.equal(out.code, 0);
    assert.ok(parseJson(out).some((f) => f.ruleId === 'unknown-rule-id' && f.severity === 'warning'));
  });

  test('--config FILE applies to every file and replaces the nearest config', async () => {
    const raised = await runCli(['--format', 'json', '--config', 'test/cli-fixtures/strict/.finish-install.json', BASIC]);
    assert.equal(raised.code, 1);
    assert.ok(parseJson(raised).every((f) => f.severity === 'error'));
    const silenced = await runCli(['--format', 'json', '--config', path.join(STRICT, 'relaxed', '.finish-install.json'), STRICT]);
    assert.equal(silenced.code, 0);
    assert.deepEqual(parseJson(silenced), []);
  });

  for (const [name, text, message] of [
    ['bad JSON', '{ "rules": ', /invalid config .*\.finish-install\.json:1:12: not valid JSON: unexpected end$/m],
    ['an unknown rule id', '{ "rules": { "no-such-rule": "error" } }', /invalid config .*\.finish-install\.json:1:14: unknown rule id "no-such-rule"/],
    ['a bad severity', '{ "rules": { "unknown-rule-id": "fatal" } }', /invalid config .*\.finish-install\.json:1:33: rule "unknown-rule-id": severity must be one of/],
    ['rules that are not an object', '{ "rules": [] }', /invalid config .*\.finish-install\.json:1:3: "rules" must be an object/],
  ] as Array<[string, string, RegExp]>) {
    test(`a discovered config with ${name}: exit 2 with a clear message, nothing linted`, async () => {
      const root = makeTree({ 'deep/.finish-install.json': text, 'deep/a.c': COINSTALLER_C, 'b.c': COINSTALLER_C });
      const out = await runCli([root]);
      assert.equal(out.code, 2);
      assert.match(out.stderr, message);
      assert.equal(out.stdout, '');
    });
  }

  test('--config naming a missing file: exit 2', async () => {
    const out = await runCli(['--config', 'nope.json', BASIC]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot read config .*nope\.json: no such file or folder/);
  });

  test('a config written with a UTF-8 BOM or as UTF-16 is read', async () => {
    const config = '{ "rules": { "unknown-rule-id": "error" } }';
    for (const bytes of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(config)]), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(config, 'utf16le')])]) {
      const root = makeTree({ '.finish-install.json': bytes, 'a.c': COINSTALLER_C });
      const out = await runCli([root]);
      assert.equal(out.code, 1, out.stderr);
    }
  });
});

describe('config files are untrusted input', () => {
  test('a FIFO named .finish-install.json: refused at once (no hang), exit 2', async () => {
    const root = makeTree({ 'a.c': COINSTALLER_C });
    const fifo = path.join(root, '.finish-install.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const out = await runCli([root]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot read config .*\.finish-install\.json: it is not a regular file/);
  });

  test('a link to /dev/zero or to a file outside the given paths: refused, its content never read', async () => {
    const outside = makeTree({ 'secret.json': '{ "rules": { "coinstaller-do-default": "off" } }' });
    for (const target of ['/dev/zero', path.join(outside, 'secret.json')]) {
      const root = makeTree({ 'a.c': COINSTALLER_C });
      if (!fs.existsSync(target) || !trySymlink(target, path.join(root, '.finish-install.json'))) continue;
      const out = await runCli([root]);
      assert.equal(out.code, 2, target);
      assert.match(out.stderr, /cannot read config .*\.finish-install\.json: it is a link to a place outside /, target);
    }
  });

  test('a link inside the given paths is followed; a config larger than 64 KB is refused', async () => {
    const root = makeTree({ 'a.c': COINSTALLER_C, 'shared/lint.json': '{ "rules": { "coinstaller-do-default": "off" } }' });
    if (trySymlink(path.join(root, 'shared', 'lint.json'), path.join(root, '.finish-install.json'))) {
      const out = await runCli(['--format', 'json', root]);
      assert.equal(out.code, 0, out.stderr);
    }
    const big = makeTree({ 'a.c': COINSTALLER_C, '.finish-install.json': `{ "rules": {} ${' '.repeat(70 * 1024)}}` });
    const out = await runCli([big]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot read config .*: it is larger than 64 KB/);
  });

  test('a config that is not JSON: its position, never its content', async () => {
    const root = makeTree({ 'a.c': COINSTALLER_C, '.finish-install.json': 'PRIVATE KEY abcdef\n' });
    const out = await runCli([root]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /\.finish-install\.json:1:1: not valid JSON: unexpected character\n$/);
    assert.doesNotMatch(out.stderr, /PRIVATE|abcdef/);
  });
});

describe('reading files', () => {
  const infAt = positionOf(SAMPLE_INF, 'no-such-inf-rule');
  const cAt = positionOf(COINSTALLER_C, 'no-such-rule');
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

  for (const [encoding, bytes] of [
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE_INF.replace(/\n/g, '\r\n'), 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SAMPLE_INF.replace(/\n/g, '\r\n'))])],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE_INF)])],
  ] as Array<[string, Buffer]>) {
    test(`an INF file in ${encoding} is decoded and analysed, columns as without the BOM`, async () => {
      const root = makeTree({ 'driver.inf': bytes });
      const out = await runCli(['--format', 'json', root]);
      assert.equal(out.code, 0);
      assert.equal(out.stderr, '', 'not skipped as binary');
      const [unknown] = parseJson(out);
      assert.deepEqual(unknown && [unknown.line, unknown.column, unknown.ruleId], [infAt.line, infAt.column, 'unknown-rule-id']);
    });
  }

  test('invalid UTF-8 does not stop the run: the bytes become U+FFFD and the file is analysed', async () => {
    const [head, tail] = [COINSTALLER_C.slice(0, COINSTALLER_C.indexOf('\n') + 1), COINSTALLER_C.slice(COINSTALLER_C.indexOf('\n') + 1)];
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from('// caf'), Buffer.from([0xe9, 0xc3, 0x28, 0xff]), Buffer.from('\n'), Buffer.from(tail)]);
    const root = makeTree({ 'latin1.c': bytes });
    const out = await runCli(['--format', 'json', root]);
    assert.equal(out.code, 0, out.stderr);
    const [unknown] = parseJson(out);
    assert.deepEqual(unknown && [unknown.line, unknown.column], [cAt.line + 1, cAt.column]);
  });

  test('a binary file is skipped with one line on stderr and the exit code unchanged', async () => {
    const binary = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64), Buffer.from('DI_FUNCTION')]);
    // Raising file-skipped to "error" must not turn a skip into a failing run either.
    const root = makeTree({ 'blob.c': binary, 'ok.c': COINSTALLER_C, '.finish-install.json': '{ "rules": { "file-skipped": "error" } }' });
    const out = await runCli(['--format', 'json', root]);
    assert.equal(out.code, 0);
    const lines = stderrLines(out);
    assert.equal(lines.length, 1, out.stderr);
    assert.match(lines[0], /blob\.c: skipped: .*NUL/);
    assert.ok(parseJson(out).every((f) => f.file.endsWith('ok.c') || f.ruleId === 'file-skipped'));
  });

  test('a file over --max-file-size-kb is skipped with one line on stderr', async () => {
    const big = COINSTALLER_C + '/* padding */\n'.repeat(200);
    const root = makeTree({ 'big.c': big, 'small.c': COINSTALLER_C });
    const out = await runCli(['--max-file-size-kb', '1', root]);
    assert.equal(out.code, 0);
    const lines = stderrLines(out);
    assert.equal(lines.length, 1, out.stderr);
    assert.match(lines[0], /big\.c: skipped: it is larger than 1 KB/);
    assert.match(out.stdout, /small\.c:/);
    assert.doesNotMatch(out.stdout, /big\.c:/);
  });

  test('the engine failing on a file: stderr names the file, exit 2, other files still reported', async () => {
    const { analyzer } = fakeAnalyzer((doc) => {
      if (doc.path.endsWith('coinstaller.c')) throw new Error('parser exploded');
      return { findings: [finding('unknown-rule-id', 'warning', 0, 0)] };
    });
    const out = await runCli([BASIC], { analyzer });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /coinstaller\.c: analysis failed: parser exploded/);
    assert.match(out.stdout, /sample\.inf:1:1: warning/);
  });

  test('decodeText: BOMs choose the encoding, and invalid bytes are flagged', () => {
    assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), { text: 'A', encoding: 'utf-8-bom', hadInvalidBytes: false });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00])), { text: 'A', encoding: 'utf-16le', hadInvalidBytes: false });
    assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x41])), { text: 'A', encoding: 'utf-16be', hadInvalidBytes: false });
    assert.deepEqual(decodeText(Buffer.from([0x41, 0xff, 0x42])), { text: 'A\uFFFDB', encoding: 'utf-8', hadInvalidBytes: true });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x41])), { text: '\uFFFD', encoding: 'utf-16le', hadInvalidBytes: true });
  });
});

describe('symbolic links', () => {
  function linkedTree() {
    const outside = makeTree({ 'evil.c': COINSTALLER_C, 'sub/also-evil.c': COINSTALLER_C });
    const root = makeTree({ 'inside.c': COINSTALLER_C });
    const made =
      trySymlink(path.join(outside, 'evil.c'), path.join(root, 'link-out.c')) &&
      trySymlink(outside, path.join(root, 'dir-out')) &&
      trySymlink(path.join(root, 'inside.c'), path.join(root, 'link-in.c')) &&
      trySymlink(root, path.join(root, 'loop'));
    return { root, outside, made };
  }

  test('links leading outside the given paths are not followed (one note each); links inside are linted once; loops end', async (t) => {
    const { root, made } = linkedTree();
    if (!made) return t.skip('cannot create symbolic links here');
    const { analyzer, calls } = fakeAnalyzer();
    const out = await runCli([root], { analyzer });
    assert.equal(out.code, 0);
    assert.deepEqual(
      calls.map((c) => path.relative(root, c.path)),
      ['inside.c'],
    );
    const lines = stderrLines(out);
    assert.equal(lines.length, 2, out.stderr);
    assert.match(out.stderr, /skipping .*dir-out: the symbolic link leads outside the given paths \(use --follow-symlinks/);
    assert.match(out.stderr, /skipping .*link-out\.c: the symbolic link leads outside the given paths/);
  });

  test('--follow-symlinks follows them, still once per real file', async (t) => {
    const { root, made } = linkedTree();
    if (!made) return t.skip('cannot create symbolic links here');
    const { analyzer, calls } = fakeAnalyzer();
    const out = await runCli(['--follow-symlinks', root], { analyzer });
    assert.equal(out.code, 0);
    assert.equal(out.stderr, '');
    const analysed = calls.map((c) => path.relative(root, c.path).split(path.sep).join('/'));
    assert.deepEqual(analysed.sort(), ['dir-out/evil.c', 'dir-out/sub/also-evil.c', 'inside.c']);
  });

  test('with the real engine, a file reached only through an outside link produces no finding', async (t) => {
    const { root, made } = linkedTree();
    if (!made) return t.skip('cannot create symbolic links here');
    const out = await runCli(['--format', 'json', root]);
    assert.deepEqual(
      parseJson(out).map((f) => path.basename(f.file)),
      ['inside.c'],
    );
  });
});

describe('launcher', () => {
  test('node bin/finish-install-lint.js runs the compiled CLI and exits with its code', () => {
    const child = spawnSync(process.execPath, [path.join('bin', 'finish-install-lint.js'), '--format', 'json', 'test/cli-fixtures/strict'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.error, undefined);
    assert.equal(child.status, 1, child.stderr);
    const findings = JSON.parse(child.stdout) as JsonFinding[];
    assert.ok(findings.some((f) => f.severity === 'error' && f.ruleId === 'unknown-rule-id'));
    assert.equal(child.stderr, '');
  });
});
