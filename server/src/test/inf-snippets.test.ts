/** snippets/inf.json is generated from inf/snippets.ts, and each snippet, expanded, passes the INF rules. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../engine';
import { infSnippetFile, infSnippetFileText } from '../engine/inf/snippets';
import { REPO_ROOT, describe as describeFinding } from './support/fixtures';

/** A snippet body with every placeholder at its default, as a user who tabs through it gets. */
function expand(body: string[]): string {
  const defaults = new Map<string, string>();
  const text = body.join('\n').replace(/\$\{(\d+):([^}]*)\}/g, (_m, n: string, value: string) => {
    defaults.set(n, value);
    return value;
  });
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a?: string, b?: string) => defaults.get(a ?? b ?? '') ?? '');
}

test('snippets/inf.json is up to date (regenerate it as inf/snippets.ts says)', () => {
  assert.equal(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'inf.json'), 'utf8'), infSnippetFileText());
});

test('package.json contributes snippets/inf.json for the inf language', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: Array<{ language: string; path: string }> } };
  assert.ok(pkg.contributes.snippets?.some((s) => s.language === 'inf' && s.path === './snippets/inf.json'));
});

test('each INF snippet, expanded into an INF, draws no finding but the legacy-installer note', async () => {
  const engine = await Engine.create();
  const snippets = infSnippetFile();
  assert.deepEqual(Object.keys(snippets).length, 2);
  for (const [name, snippet] of Object.entries(snippets)) {
    const text = ['[Version]', 'Signature = "$WINDOWS NT$"', 'Class = MyClass', 'ClassGuid = {0c9ab3c8-6d0b-4b6f-9b1f-3f1b2f6a6b11}', '', expand(snippet.body)].join('\n');
    const findings = engine.analyze({ path: 'snippet.inf', text }).findings;
    assert.ok(findings.length > 0 && findings.every((f) => f.ruleId === 'inf-legacy-installer'), `${name}:\n${findings.map(describeFinding).join('\n')}`);
  }
});

test('the co-installer snippet writes REG_MULTI_SZ and the class-installer snippet REG_SZ', () => {
  const snippets = infSnippetFile();
  const co = expand(snippets['DDInstall.CoInstallers with a device co-installer'].body);
  const cls = expand(snippets['ClassInstall32 with a class installer'].body);
  assert.match(co, /^HKR,,CoInstallers32,0x00010000,"mycoinst\.dll,CoDeviceInstall"$/m);
  assert.match(cls, /^HKR,,Installer32,,"myclassinst\.dll,ClassInstall"$/m);
  assert.match(co, /^MyDevice_Install_CoInstaller_CopyFiles = 11$/m);
});
