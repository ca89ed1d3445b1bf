/** features/explain.ts on realistic installers: what a hover shows for return codes, DIF codes and flags. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { catalogue } from '../engine';
import { explainAt } from '../engine/features/explain';
import { editorFixture, positionOf, sharedEngine } from './features-support';

const meaning = catalogue.returnMeaning;

async function explain(fixture: string, needle: string, options: Parameters<typeof positionOf>[2] = {}) {
  const doc = editorFixture(fixture);
  const position = positionOf(doc.text, needle, options);
  return explainAt(await sharedEngine(), doc, position, { docUrl: (p) => `https://example.test/blob/main/${p}` });
}

test('a class installer returning NO_ERROR from DIF_FINISHINSTALL_ACTION: the hover says why that is wrong there', async () => {
  const result = await explain('workspace/fabrikamci.c', 'return NO_ERROR', { offset: 'return '.length });
  assert.ok(result, 'expected an explanation');
  const md = result.markdown;
  assert.match(md, /\*\*NO_ERROR\*\*/);
  assert.match(md, /`0x00` \(0\)/);
  assert.ok(md.includes('class installer `FabrikamClassInstaller`, DIF_FINISHINSTALL_ACTION handler: ✘'), md);
  assert.ok(md.includes(meaning('class-installer', 'finishinstall-action', 'no-error').text), md);
  assert.ok(md.includes('https://example.test/blob/main/docs/finish-install-contract.md#return-codes'), md);
  // The token itself is what gets highlighted.
  assert.deepEqual(result.range.end.character - result.range.start.character, 'NO_ERROR'.length);
});

test('ERROR_DI_DO_DEFAULT in the default case of a class installer: lets Windows do the default', async () => {
  const result = await explain('workspace/fabrikamci.c', 'ERROR_DI_DO_DEFAULT', { lineHint: 'return ERROR_DI_DO_DEFAULT', occurrence: 2 });
  assert.ok(result);
  assert.match(result.markdown, /`0xE000020E` \(3758096910\)/);
  assert.ok(result.markdown.includes(`DIF codes it does not handle: ✔ ${meaning('class-installer', 'unhandled', 'do-default').text}`), result.markdown);
});

test('a return in a helper is explained for the entry point that calls it', async () => {
  // RequestFinishInstallAction is called from the DIF_NEWDEVICEWIZARD_FINISHINSTALL case.
  const result = await explain('workspace/fabrikamci.c', 'ERROR_DI_DO_DEFAULT', { lineHint: 'return ERROR_DI_DO_DEFAULT', occurrence: 0 });
  assert.ok(result);
  const md = result.markdown;
  assert.ok(md.includes('class installer `FabrikamClassInstaller`'), md);
  assert.ok(md.includes('DIF_NEWDEVICEWIZARD_FINISHINSTALL handler: ✔'), md);
  assert.ok(md.includes(meaning('class-installer', 'wizard-finishinstall', 'do-default').text), md);
});

test('a co-installer returning ERROR_DI_DO_DEFAULT: the hover says a co-installer never sets it', async () => {
  const result = await explain('co-installer.c', 'ERROR_DI_DO_DEFAULT', { offset: 3 });
  assert.ok(result);
  const md = result.markdown;
  assert.ok(md.includes('co-installer `ContosoCoInstaller`, DIF_REMOVE handler'), md);
  assert.ok(md.includes(`✘ ${meaning('co-installer', 'other-handled', 'do-default').text}`), md);
  assert.ok(!md.includes('class installer `'), 'only the co-installer runs this code');
});

test('a literal 0xE0000226 returned in pre-processing is read as ERROR_DI_POSTPROCESSING_REQUIRED', async () => {
  const result = await explain('co-installer.c', '0xE0000226', { offset: 4 });
  assert.ok(result);
  const md = result.markdown;
  assert.match(md, /`0xE0000226` is \*\*ERROR_DI_POSTPROCESSING_REQUIRED\*\*/);
  assert.match(md, /DIF_NEWDEVICEWIZARD_FINISHINSTALL handler, pre-processing: ✔/);
  assert.ok(md.includes(meaning('co-installer', 'wizard-finishinstall', 'postprocessing-required').text), md);
});

test('a return inside the post-processing branch says post-processing', async () => {
  const result = await explain('co-installer.c', 'return NO_ERROR;', { offset: 'return '.length, lineHint: '        return NO_ERROR;' });
  assert.ok(result);
  assert.match(result.markdown, /DIF_NEWDEVICEWIZARD_FINISHINSTALL handler, post-processing: ✔/, result.markdown);
  assert.doesNotMatch(result.markdown, /DIF_NEWDEVICEWIZARD_FINISHINSTALL handler, pre-processing/, 'the pre-processing pass returns earlier');
});

test('the finish-install flag written into Flags: the hover names DI_NOVCP', async () => {
  const result = await explain('co-installer.c', 'DI_FLAGSEX_FINISHINSTALL_ACTION', { offset: 5 });
  assert.ok(result);
  const md = result.markdown;
  assert.match(md, /\*\*DI_FLAGSEX_FINISHINSTALL_ACTION\*\* — a FlagsEx bit of SP_DEVINSTALL_PARAMS, `0x08` \(8\)/);
  assert.match(md, /Here it is written into `Flags`\*\*, not `FlagsEx`: in Flags this bit is `DI_NOVCP`/);
  assert.ok(md.includes('co-installer `ContosoCoInstaller`, DIF_NEWDEVICEWIZARD_FINISHINSTALL handler, post-processing'), md);
});

test('a fallback #define value is explained as the name it defines', async () => {
  const result = await explain('workspace/fabrikamci.c', '0x2A');
  assert.ok(result);
  assert.match(result.markdown, /`0x2A` is \*\*DIF_FINISHINSTALL_ACTION\*\* — DIF code, `0x2A` \(42\)/);
  const flag = await explain('workspace/fabrikamci.c', '0x00000008L');
  assert.ok(flag);
  assert.match(flag.markdown, /is \*\*DI_FLAGSEX_FINISHINSTALL_ACTION\*\*/);
});

test('a DIF code written as a number in an if / else-if dispatch, with what this co-installer may return', async () => {
  const result = await explain('co-installer-if-chain.cpp', '0x2A', { offset: 2 });
  assert.ok(result);
  const md = result.markdown;
  assert.match(md, /`0x2A` is \*\*DIF_FINISHINSTALL_ACTION\*\*/);
  assert.ok(md.includes('**Handled here by co-installer `CalibrationCoInstaller`** returns:'), md);
  assert.ok(md.includes(`- \`NO_ERROR\`: ✔ ${meaning('co-installer', 'finishinstall-action', 'no-error').text}`), md);
  assert.ok(md.includes(`- \`ERROR_DI_DO_DEFAULT\`: ✘`), md);
  assert.ok(!md.includes('A class installer handling it'), 'the context is known: only the co-installer is described');
});

test('a DIF code name in a case label, and the handler it opens', async () => {
  const result = await explain('workspace/fabrikamci.c', 'DIF_NEWDEVICEWIZARD_FINISHINSTALL', { lineHint: 'case ' });
  assert.ok(result);
  assert.ok(result.markdown.includes('**Handled here by class installer `FabrikamClassInstaller`** returns:'), result.markdown);
  assert.ok(result.markdown.includes(`- \`ERROR_DI_DO_DEFAULT\`: ✔ ${meaning('class-installer', 'wizard-finishinstall', 'do-default').text}`));
  assert.ok(result.markdown.includes('#the-protocol'));
});

test('nothing to explain: other identifiers, unrelated numbers, numbers in comments', async () => {
  assert.equal(await explain('workspace/fabrikamci.c', 'Status', { lineHint: 'Status = ' }), undefined);
  assert.equal(await explain('workspace/fabrikamci.c', 'SetupDiGetDeviceInstallParams'), undefined);
  const doc = { path: 'memset.c', text: 'DWORD f(DI_FUNCTION d)\n{\n    char buffer[16];\n    memset(buffer, 0, 16); // 0x2A\n    return 0;\n}\n' };
  const engine = await sharedEngine();
  assert.equal(explainAt(engine, doc, positionOf(doc.text, '0,')), undefined, 'a 0 passed to memset is no return code');
  assert.equal(explainAt(engine, doc, positionOf(doc.text, '0x2A', { offset: 1 })), undefined, 'numbers in comments are not explained');
  const zero = explainAt(engine, doc, positionOf(doc.text, '0;'));
  assert.ok(zero, 'a returned 0 is NO_ERROR');
  assert.match(zero.markdown, /`0` is \*\*NO_ERROR\*\*/);
});

test('INF documents have no explanation (yet)', async () => {
  const engine = await sharedEngine();
  const doc = { path: 'x.inf', text: '[Version]\nSignature="$WINDOWS NT$"\n; ERROR_DI_DO_DEFAULT\n' };
  assert.equal(explainAt(engine, doc, { line: 2, character: 5 }), undefined);
});
