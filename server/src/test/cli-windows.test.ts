/**
 * What Windows users' paths and files do to the CLI, on any machine: the path arithmetic (cli/paths.ts)
 * run with path.win32 (drive letters, `\` and `/`, UNC shares, names that differ only in case), the SARIF
 * locations built from such paths, and a run over a package checked out the Windows way (CRLF line ends,
 * an INF that names `FabrikamCo.DLL` while the files say `fabrikamco`).
 */
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../cli/cli';
import type { JsonFinding } from '../cli/formats/json';
import { SOURCE_ROOT_ID, artifactLocationOf } from '../cli/formats/sarif';
import { fileUri, folderUri, isInside, relativeOrAbsolute, relativeUri } from '../cli/paths';
import { REPO_ROOT } from './support/fixtures';

const win = path.win32;

describe('Windows paths (path.win32)', () => {
  test('a file is inside a folder whatever the case of the names and the kind of slash', () => {
    assert.ok(isInside('c:\\src\\drivers\\Fabrikam\\FabrikamCo.c', 'C:\\Src\\Drivers', win));
    assert.ok(isInside('C:/Src/Drivers/fabrikam/fabrikamco.c', 'C:\\SRC\\drivers\\', win));
    assert.ok(isInside('C:\\Src\\Drivers', 'c:\\src\\drivers', win), 'a folder holds itself');
    assert.ok(isInside('C:\\anything\\a.c', 'C:\\', win), 'the drive root holds everything on the drive');
    assert.ok(!isInside('C:\\Src\\Drivers2\\a.c', 'C:\\Src\\Drivers', win), 'a sibling with a longer name');
    assert.ok(!isInside('D:\\Src\\Drivers\\a.c', 'C:\\Src\\Drivers', win), 'another drive');
    assert.ok(!isInside('C:\\Src\\a.c', 'C:\\Src\\Drivers', win));
    // The same names on Linux are different folders.
    assert.ok(!isInside('/src/drivers/a.c', '/Src/Drivers', path.posix));
  });

  test('UNC shares: the server and share are part of the root', () => {
    assert.ok(isInside('\\\\BUILD01\\Drops\\drv\\fabrikam.inf', '\\\\build01\\drops\\drv', win));
    assert.ok(isInside('//build01/drops/drv/fabrikam.inf', '\\\\build01\\drops', win));
    assert.ok(!isInside('\\\\build01\\other\\drv\\fabrikam.inf', '\\\\build01\\drops', win), 'another share');
    assert.ok(!isInside('\\\\build02\\drops\\drv\\fabrikam.inf', '\\\\build01\\drops', win), 'another server');
    assert.ok(!isInside('C:\\drops\\drv\\fabrikam.inf', '\\\\build01\\drops', win));
  });

  test('text and JSON paths: relative to the working folder with backslashes, absolute on another drive or share', () => {
    assert.equal(relativeOrAbsolute('C:\\Work\\Repo', 'c:\\work\\repo\\drivers\\FabrikamCo.c', win), 'drivers\\FabrikamCo.c');
    assert.equal(relativeOrAbsolute('C:\\Work\\Repo', 'C:/Work/Repo/drivers/fabrikam.inf', win), 'drivers\\fabrikam.inf');
    assert.equal(relativeOrAbsolute('C:\\Work\\Repo', 'D:\\Other\\a.c', win), 'D:\\Other\\a.c');
    assert.equal(relativeOrAbsolute('C:\\Work\\Repo', 'C:\\Work\\a.c', win), 'C:\\Work\\a.c');
    assert.equal(relativeOrAbsolute('\\\\build01\\drops', '\\\\BUILD01\\Drops\\drv\\a.c', win), 'drv\\a.c');
    assert.equal(relativeOrAbsolute('C:\\Work\\Repo\\a.c', 'C:\\Work\\Repo\\a.c', win), 'a.c', 'the file itself: its name, never an empty path');
  });

  test('file URIs: file:///C:/... with percent-encoding, file://server/share/... for UNC', () => {
    assert.equal(fileUri('C:\\Program Files (x86)\\Fabrikam\\Fabrikam Co.c', win), 'file:///C:/Program%20Files%20(x86)/Fabrikam/Fabrikam%20Co.c');
    assert.equal(fileUri('c:\\src\\100%\\a#1.c', win), 'file:///c:/src/100%25/a%231.c');
    assert.equal(fileUri('\\\\build01\\drops\\drv\\fabrikam.inf', win), 'file://build01/drops/drv/fabrikam.inf');
    assert.equal(fileUri('C:\\Src\\Fabrikam\u00e9.c', win), 'file:///C:/Src/Fabrikam%C3%A9.c');
  });

  test('folder URIs end in exactly one slash, the drive root too', () => {
    assert.equal(folderUri('C:\\', win), 'file:///C:/');
    assert.equal(folderUri('C:\\Src\\Drivers', win), 'file:///C:/Src/Drivers/');
    assert.equal(folderUri('C:\\Src\\Drivers\\', win), 'file:///C:/Src/Drivers/');
    assert.equal(folderUri('\\\\build01\\drops', win), 'file://build01/drops/');
    assert.equal(folderUri('/', path.posix), 'file:///');
    assert.equal(folderUri('/home/dev/drivers', path.posix), 'file:///home/dev/drivers/');
  });

  test('SARIF locations: relative to %SRCROOT% with forward slashes inside the root, absolute file URIs outside it', () => {
    const root = 'C:\\Src\\Drivers';
    const inside = artifactLocationOf(root, 'c:\\src\\drivers\\Fabrikam Co\\FabrikamCo.c', win);
    assert.deepEqual(inside, { uri: 'Fabrikam%20Co/FabrikamCo.c', uriBaseId: SOURCE_ROOT_ID });
    assert.deepEqual(artifactLocationOf(root, 'D:\\Shared\\inc\\setupapi_ext.h', win), { uri: 'file:///D:/Shared/inc/setupapi_ext.h' });
    assert.deepEqual(artifactLocationOf('\\\\build01\\drops', '\\\\build01\\drops\\drv\\fabrikam.inf', win), { uri: 'drv/fabrikam.inf', uriBaseId: SOURCE_ROOT_ID });
    assert.deepEqual(artifactLocationOf('C:\\', 'C:\\fabrikam.inf', win), { uri: 'fabrikam.inf', uriBaseId: SOURCE_ROOT_ID });
  });

  test('a relative SARIF URI resolved against %SRCROOT% gives back the file URI', () => {
    for (const [root, file] of [
      ['C:\\Src\\Drivers', 'C:\\Src\\Drivers\\Fabrikam Co\\a#1%.c'],
      ['C:\\', 'C:\\fabrikam\\fabrikam.inf'],
      ['\\\\build01\\drops', '\\\\build01\\drops\\drv\\x y.c'],
    ]) {
      const relative = relativeUri(root, file, win)!;
      assert.equal(new URL(relative, folderUri(root, win)).href, fileUri(file, win), `${root} + ${relative}`);
    }
  });
});

describe('a package checked out on Windows (CRLF, names in other case)', () => {
  const folders: string[] = [];
  after(() => folders.forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

  const example = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'examples', 'fabrikam-coinstaller', name), 'utf8');
  /** The example's INF, with its CopyFiles section put to use and the DLL named in three spellings. */
  const infWithCopyFiles = example('fabrikam.inf')
    .replace('AddReg = Fabrikam_CoInstaller_AddReg', 'AddReg = Fabrikam_CoInstaller_AddReg\nCopyFiles = Fabrikam_CoInstaller_CopyFiles')
    .replace('"FabrikamCo.dll,FabrikamCoInstaller"', '"FabrikamCo.DLL,FabrikamCoInstaller"')
    .replace(/^FabrikamCo\.dll$/m, 'fabrikamco.dll');

  function writePackage(lineEnd: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fil-windows-'));
    folders.push(root);
    fs.mkdirSync(path.join(root, 'FABRIKAMCO'));
    fs.writeFileSync(path.join(root, 'FABRIKAMCO', 'fabrikamco.C'), example('FabrikamCo.c').replace(/\r?\n/g, lineEnd));
    fs.writeFileSync(path.join(root, 'FABRIKAMCO', 'FABRIKAM.INF'), infWithCopyFiles.replace(/\r?\n/g, lineEnd));
    return root;
  }

  async function findings(root: string): Promise<{ code: number; findings: JsonFinding[] }> {
    let stdout = '';
    const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, cwd: root };
    const code = await main(['--format', 'json', '.'], io);
    return { code, findings: JSON.parse(stdout) as JsonFinding[] };
  }

  test('upper-case extensions are linted, the DLL counts as copied whatever its case, CRLF gives the same findings as LF', async () => {
    const crlf = await findings(writePackage('\r\n'));
    const lf = await findings(writePackage('\n'));
    assert.deepEqual(crlf, lf);
    const files = new Set(crlf.findings.map((f) => f.file));
    assert.deepEqual([...files].sort(), [path.join('FABRIKAMCO', 'FABRIKAM.INF'), path.join('FABRIKAMCO', 'fabrikamco.C')]);
    const infRules = crlf.findings.filter((f) => f.file.endsWith('.INF')).map((f) => f.ruleId);
    assert.deepEqual(infRules, ['inf-legacy-installer'], 'no inf-installer-not-copied, no inf-entry-point-missing');
    // The C file's findings are the example's, at the same lines and columns.
    const exampleRun = await findings(path.join(REPO_ROOT, 'examples', 'fabrikam-coinstaller'));
    // Where the role comes from names the INF as this package spells it, one line lower (its added CopyFiles).
    assert.ok(crlf.findings.some((f) => f.message.includes('(registered as a co-installer in FABRIKAM.INF:47)')), 'the INF of other case registers the C function');
    const withoutOrigin = (message: string) => message.replace(/ \(registered as a co-installer in [^)]*\)/, '');
    const cFindings = (run: typeof crlf) =>
      run.findings.filter((f) => /\.c$/i.test(f.file)).map(({ file: _file, message, ...rest }) => ({ ...rest, message: withoutOrigin(message) }));
    assert.deepEqual(cFindings(crlf), cFindings(exampleRun));
    assert.equal(crlf.code, exampleRun.code);
  });
});
