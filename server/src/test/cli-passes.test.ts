/**
 * The CLI's two passes over C/C++ files (lint.ts analyzeSources): the first pass guesses from the names
 * the files define which registered entry points another file of the DLL defines, so that a right guess
 * costs no second analysis and a wrong one only a second analysis with the final evidence; files that
 * cannot hold an installer get no evidence and no helpers, and a group's definitions reach each thread once.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, fileEvidence } from '../engine';
import { analyzeFiles, analyzeSources, projectEvidence, type FileJob } from '../cli/lint';
import { MainThreadAnalysis, type FileAnalysis } from '../cli/parallel';

let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);

const FILES: Record<string, string> = {
  'inf/pkg.inf': '[Version]\nSignature="$WINDOWS NT$"\n[Reg]\nHKR,,CoInstallers32,0x00010000,"vendorco.dll,VendorCoInstaller","acmeco.dll,AcmeCoInstaller"\n',
  'vendorco/vendorco.vcxproj': '<Project><PropertyGroup><ProjectName>vendorco</ProjectName></PropertyGroup></Project>',
  'vendorco/co.c': 'DWORD CALLBACK VendorCoInstaller(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d, PCOINSTALLER_CONTEXT_DATA c)\n{\n    return NO_ERROR;\n}\n',
  // A function with an entry point's signature; the DLL's registered one is defined in co.c, so it is none.
  'vendorco/pages.c': 'DWORD AddPages(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)\n{\n    return ERROR_NOT_ENOUGH_MEMORY;\n}\n',
  'vendorco/plain.c': 'int Unrelated(int x)\n{\n    return x;\n}\n',
  'acmeco/acmeco.vcxproj': '<Project><PropertyGroup><ProjectName>acmeco</ProjectName></PropertyGroup></Project>',
  // Defines the registered name by the token scan, but without an entry point's signature: the guess is wrong.
  'acmeco/acme.c': '/* not a DI_FUNCTION handler */\nint AcmeCoInstaller(int x)\n{\n    return x;\n}\n',
  'acmeco/pages.c': 'DWORD AcmePages(DI_FUNCTION f, HDEVINFO s, PSP_DEVINFO_DATA d)\n{\n    return ERROR_NOT_ENOUGH_MEMORY;\n}\n',
};

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-cli-passes-')));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(at(name)), { recursive: true });
    fs.writeFileSync(at(name), text);
  }
});

after(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('a right guess analyses a file once, a wrong one again with the final evidence; plain files get no evidence', async () => {
  const engine = await Engine.create({ grammars: ['c'] });
  const sources = ['vendorco/co.c', 'vendorco/pages.c', 'vendorco/plain.c', 'acmeco/acme.c', 'acmeco/pages.c'].map((name) => at(name));
  const buildFiles = [at('vendorco', 'vendorco.vcxproj'), at('acmeco', 'acmeco.vcxproj')];
  const project = projectEvidence([at('inf', 'pkg.inf')], buildFiles, sources);
  const passes: Array<readonly FileJob[]> = [];
  const main = new MainThreadAnalysis(engine);
  const recording: FileAnalysis = {
    analyze: (jobs, settings, complete) => {
      const completed = complete ? jobs.map((job, i) => complete(job, i, 0)) : jobs;
      passes.push(completed);
      return main.analyze(completed, settings);
    },
    close: () => main.close(),
  };
  const mayHoldInstaller = (file: string) => fs.readFileSync(file, 'utf8').includes('DI_FUNCTION');
  const reports = await analyzeSources(recording, sources.map((p) => ({ path: p })), project, {}, mayHoldInstaller);

  assert.deepEqual(passes.map((jobs) => jobs.map((j) => path.relative(root, j.path))), [
    ['vendorco/co.c', 'vendorco/pages.c', 'vendorco/plain.c', 'acmeco/acme.c', 'acmeco/pages.c'],
    ['acmeco/pages.c'],
  ]);
  // A group's definitions go to a thread with the first of its jobs there; the thread keeps them.
  const groups = passes.map((jobs) => jobs.map((job) => job.helperGroup && [job.helperGroup.id, job.helperGroup.definitions !== undefined]));
  assert.deepEqual(groups, [[[0, true], [0, false], undefined, [1, true], [1, false]], [[1, false]]]);
  const plain = passes[0][2];
  assert.equal(plain.evidence, undefined);
  assert.equal(plain.helperGroup, undefined);
  assert.deepEqual(reports[1].entryPoints, [], 'AddPages: the DLL\'s registered entry point is defined in co.c');
  assert.deepEqual(reports[4].entryPoints.map((e) => e.name), ['AcmePages'], 'AcmeCoInstaller has no entry point\'s signature: AcmePages stays');

  // What the reports would be without a guess: every file analysed with its final evidence.
  const final = await analyzeFiles(
    engine,
    passes[0].map((job, i) => (job.evidence ? { ...job, evidence: fileEvidence(project, job.path, reports[i].signatureCandidates) } : job)),
    {},
  );
  assert.deepEqual(reports, final);
});
