/** snippets/c.json is generated from the completion snippets; it must not drift from them. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cSnippetFile, cSnippetFileText } from '../engine/features/snippetFile';
import { FINISHINSTALL_DIFS, handlerSnippet, snippetToPlainText, WDK_NAMES } from '../engine/features/snippets';
import { REPO_ROOT, describe as describeFinding } from './support/fixtures';
import { sharedEngine } from './features-support';

test('snippets/c.json is up to date (regenerate it as snippetFile.ts says)', () => {
  const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'c.json'), 'utf8');
  assert.equal(onDisk, cSnippetFileText());
});

test('package.json contributes snippets/c.json for C and C++', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: Array<{ language: string; path: string }> } };
  for (const language of ['c', 'cpp']) {
    assert.ok(pkg.contributes.snippets.some((s) => s.language === language && s.path === './snippets/c.json'), language);
  }
});

test('the static snippets hold no handler: a handler is written for one kind, and only the server knows the kind', () => {
  const snippets = cSnippetFile();
  assert.deepEqual(Object.keys(snippets), ['Finish-install class installer entry point', 'Finish-install co-installer entry point']);
  for (const snippet of Object.values(snippets)) assert.ok(snippet.prefix.every((p) => !p.startsWith('case')), snippet.prefix.join(', '));
});

test('every handler snippet with the WDK names, pasted into an installer of its kind, is accepted by the rules', async () => {
  const engine = await sharedEngine();
  for (const kind of ['class-installer', 'co-installer'] as const) {
    const co = kind === 'co-installer';
    const body = FINISHINSTALL_DIFS.map((dif) => snippetToPlainText(handlerSnippet(dif, { kind, names: WDK_NAMES[kind] }))).join('\n\n');
    const text = [
      '#include <windows.h>',
      '#include <setupapi.h>',
      'BOOL FinishInstallActionNeeded(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData);',
      'DWORD RunFinishInstallAction(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData);',
      `DWORD CALLBACK Entry(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData${co ? ', PCOINSTALLER_CONTEXT_DATA Context' : ''})`,
      '{',
      co ? '\tUNREFERENCED_PARAMETER(Context);' : '',
      '\tswitch (InstallFunction) {',
      body,
      '\tdefault:',
      '\t\tbreak;',
      '\t}',
      `\treturn ${co ? 'NO_ERROR' : 'ERROR_DI_DO_DEFAULT'};`,
      '}',
    ].join('\n');
    const result = engine.analyze({ path: `${kind}.c`, text });
    assert.equal(result.model?.entryPoints[0]?.kind, co ? 'co-installer' : 'class-installer');
    assert.deepEqual(result.findings.map(describeFinding), [], text);
  }
});
