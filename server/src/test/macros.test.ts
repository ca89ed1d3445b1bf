/**
 * Macros and conditional code in the model (model/macros.ts, engine/headers.ts): what the user sees
 * when an installer's code goes through #defines of the file or of its project headers, and through
 * #if / #ifdef arms.
 */
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine, parseConfig, RULE_IDS, type AnalyzeOptions, type Finding, type IncludeResolver } from '../engine';
import { createIncludeResolver } from '../shared/includes';
import { substitute } from '../engine/model/macros';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFiles } from './support/files';

let engine: Engine;
before(async () => {
  engine = await Engine.create({ grammars: ['c'] });
});

const HEAD = `#include <windows.h>
#include <setupapi.h>
`;

function coInstaller(body: string): string {
  return `DWORD CALLBACK CoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet,
                           PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    (void)DeviceInfoSet; (void)DeviceInfoData; (void)Context;
${body}
}
`;
}

function findings(text: string, options: AnalyzeOptions = {}): Finding[] {
  return engine.analyze({ path: '/project/co.c', text }, { transient: true, ...options }).findings;
}

function summary(list: Finding[]): string[] {
  return list.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`);
}

/** A resolver over an in-memory project. */
function headers(files: Record<string, string>): IncludeResolver {
  return (name, from) => {
    const candidate = path.posix.join(path.posix.dirname(from), name);
    return files[candidate] !== undefined ? { path: candidate, text: files[candidate] } : undefined;
  };
}

describe('function-like macros expand at their use', () => {
  test('RETURN_DEFAULT() wrapping a return: the finding is at the macro use, over exactly its text', () => {
    const text = HEAD + '#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT\n' + coInstaller(`    if (InstallFunction == DIF_REMOVE) {
        RETURN_DEFAULT();
    }
    return NO_ERROR;`);
    const line = text.split('\n').findIndex((l) => l.includes('RETURN_DEFAULT();'));
    assert.deepEqual(summary(findings(text)), [`coinstaller-do-default@${line}:8-${line}:24`]);
  });

  test('a macro of a project header, found through #include "..." (and only with a resolver)', () => {
    const text = HEAD + '#include "inc/short.h"\n' + coInstaller(`    if (InstallFunction == DIF_REMOVE) {
        RETURN_DEFAULT();
    }
    return NO_ERROR;`);
    const includes = headers({ '/project/inc/short.h': '#pragma once\n#include "more.h"\n', '/project/inc/more.h': '#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT\n#include "short.h"\n' });
    assert.deepEqual(findings(text, { includes }).map((f) => f.ruleId), ['coinstaller-do-default']);
    assert.deepEqual(findings(text).map((f) => f.ruleId), []);
  });

  test('a header read as the file is: its #if 0 code defines and includes nothing', () => {
    const text = HEAD + '#include "inc/vendor.h"\n' + coInstaller(`    if (InstallFunction == DIF_REMOVE) {
        RETURN_DEFAULT();
    }
    return NO_ERROR;`);
    const header = (disabled: string) => `#pragma once\n#if 0\n${disabled}\n#else\n#define RETURN_DEFAULT() return NO_ERROR\n#endif\n`;
    const more = { '/project/inc/old.h': '#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT\n' };
    assert.deepEqual(findings(text, { includes: headers({ '/project/inc/vendor.h': header('#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT'), ...more }) }), []);
    assert.deepEqual(findings(text, { includes: headers({ '/project/inc/vendor.h': header('#include "old.h"'), ...more }) }), []);
    // Built, the same lines decide.
    const built = (line: string) => `#pragma once\n#if 1\n${line}\n#endif\n`;
    for (const line of ['#define RETURN_DEFAULT() return ERROR_DI_DO_DEFAULT', '#include "old.h"']) {
      assert.deepEqual(findings(text, { includes: headers({ '/project/inc/vendor.h': built(line), ...more }) }).map((f) => f.ruleId), ['coinstaller-do-default'], line);
    }
  });

  test('an object-like macro for the flag counts as the flag (no flag-not-set)', () => {
    const body = `    if (InstallFunction == DIF_NEWDEVICEWIZARD_FINISHINSTALL) {
        SP_DEVINSTALL_PARAMS_W dip;
        if (GetFileAttributesW(L"C:\\\\Tools\\\\Setup.exe") == INVALID_FILE_ATTRIBUTES) return NO_ERROR;
        dip.cbSize = sizeof(dip);
        if (!SetupDiGetDeviceInstallParamsW(DeviceInfoSet, DeviceInfoData, &dip)) return GetLastError();
        dip.FlagsEx |= FI_FLAG;
        if (!SetupDiSetDeviceInstallParamsW(DeviceInfoSet, DeviceInfoData, &dip)) return GetLastError();
        return NO_ERROR;
    }
    if (InstallFunction == DIF_FINISHINSTALL_ACTION) {
        return NO_ERROR;
    }
    return NO_ERROR;`;
    assert.deepEqual(findings(HEAD + '#define FI_FLAG DI_FLAGSEX_FINISHINSTALL_ACTION\n' + coInstaller(body)).map((f) => f.ruleId), []);
    // The same code with a macro of another value is the false case the rule is for.
    assert.deepEqual(findings(HEAD + '#define FI_FLAG DI_FLAGSEX_NO_DRVREG_PRP_CHANGE\n' + coInstaller(body)).map((f) => f.ruleId), ['flag-not-set']);
  });

  test('a self-referencing or stringizing macro is left as it is written (no hang, no finding)', () => {
    const text = HEAD + '#define LOOP() LOOP()\n#define NAME(x) #x\n' + coInstaller('    LOOP();\n    NAME(a);\n    return NO_ERROR;');
    assert.deepEqual(findings(text), []);
    assert.equal(substitute({ name: 'NAME', params: ['x'], body: '#x' }, ['a']), undefined);
    assert.equal(substitute({ name: 'S', params: ['a', 'b'], body: 'F(a, "a", b)' }, ['1', 'y']), 'F(1, "a", y)');
    assert.equal(substitute({ name: 'S', params: ['a'], body: 'a' }, []), undefined);
  });
});

describe('conditional code', () => {
  const wrongReturnUnder = (directive: string, end = '#endif') => HEAD + coInstaller(`    if (InstallFunction == DIF_REMOVE) {
${directive}
        return ERROR_DI_DO_DEFAULT;
${end}
    }
    return NO_ERROR;`);

  test('#if 0 is dead code: a wrong return under it is not reported', () => {
    assert.deepEqual(findings(wrongReturnUnder('#if 0')), []);
    assert.deepEqual(findings(wrongReturnUnder('#if 1')).map((f) => f.ruleId), ['coinstaller-do-default']);
  });

  test('a name the build alone knows keeps both arms; a pin or the project\'s own #define / #undef decides', () => {
    assert.equal(findings(wrongReturnUnder('#ifdef DBG')).length, 1);
    assert.equal(findings(wrongReturnUnder('#ifndef DBG')).length, 1);
    const pinned = parseConfig('{"defines": {"DBG": "1"}}', RULE_IDS).config;
    assert.equal(findings(wrongReturnUnder('#ifndef DBG'), { config: pinned }).length, 0);
    assert.equal(findings(wrongReturnUnder('#if DBG'), { config: pinned }).length, 1);
    assert.equal(findings(wrongReturnUnder('#if DBG && 0'), { config: pinned }).length, 0);
    assert.equal(findings('#undef DBG\n' + wrongReturnUnder('#ifdef DBG')).length, 0);
    assert.equal(findings('#define DBG\n' + wrongReturnUnder('#if !defined(DBG)')).length, 0);
  });

  test('config defines: bad names and values are problems, good ones are kept', () => {
    const { config, problems } = parseConfig('{"defines": {"_WIN64": 1, "NAME": "0x10", "1X": "1", "Y": true}}', RULE_IDS);
    assert.deepEqual(config.defines, { _WIN64: '1', NAME: '0x10' });
    assert.deepEqual(problems.map((p) => p.message), ['"defines": "1X" is not a macro name', '"defines": the value of Y must be a string or a whole number']);
  });
});

describe('the front ends\' header reader', () => {
  test('next to the file, then up to the root, never outside it; cycles and missing headers are fine', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fil-includes-')));
    try {
      writeFiles(root, { 'project/inc/a.h': '#define A 1\n', 'project/src/co/co.c': '', 'outside.h': '#define O 1\n' });
      const { resolve } = createIncludeResolver(() => [path.join(root, 'project')]);
      const from = path.join(root, 'project', 'src', 'co', 'co.c');
      assert.equal(resolve('inc/a.h', from)?.path, path.join(root, 'project', 'inc', 'a.h'));
      assert.equal(resolve('../../inc/a.h', from)?.text, '#define A 1\n');
      assert.equal(resolve('outside.h', from), undefined);
      assert.equal(resolve('../../../outside.h', from), undefined);
      assert.equal(resolve('missing.h', from), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
