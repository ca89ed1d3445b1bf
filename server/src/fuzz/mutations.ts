/**
 * Mutations of installer sources and INF files, as fast-check arbitraries. An input is a seed (a real
 * fixture or example) plus a short list of mutations; fast-check shrinks a failure by dropping
 * mutations and moving their positions towards the start, so a counterexample stays readable.
 */
import fc from 'fast-check';
import { decodeText } from '../engine';
import type { DocumentLanguage } from '../engine';
import type { Seed } from './seeds';

export type LineEndStyle = 'lf' | 'crlf' | 'cr' | 'mixed';

export type Mutation =
  | { kind: 'delete-tokens'; at: number; count: number }
  | { kind: 'duplicate-tokens'; at: number; count: number }
  | { kind: 'swap-tokens'; a: number; b: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  /** `open` repeated `depth` times at `at`, `close` as often at `closeAt` (after it): deep nesting. */
  | { kind: 'nest'; at: number; closeAt: number; open: string; close: string; depth: number }
  | { kind: 'line-ends'; style: LineEndStyle }
  | { kind: 'bom' }
  /** Bytes spliced into the UTF-8 encoding, then decoded the way the CLI does (invalid bytes become U+FFFD). */
  | { kind: 'invalid-utf8'; at: number; bytes: number[] };

export interface FuzzInput {
  seed: string;
  language: DocumentLanguage;
  mutations: Mutation[];
  text: string;
}

/** Pieces that open or break structure in C and C++ (brackets, quotes, comments, preprocessor lines). */
export const C_SNIPPETS: readonly string[] = [
  '{', '}', '(', ')', '[', ']', '"', "'", '/*', '*/', '//', '\\', '\\\n', '#', '??/', ';', ',', ':', '::', '->', '&', '|=', '~',
  '\n#if 0\n', '\n#if X\n', '\n#ifdef X\n', '\n#ifndef X\n', '\n#else\n', '\n#elif Y\n', '\n#endif\n', '\n#define X \\\n', '\n#define DIF_FINISHINSTALL_ACTION 0x2A\n',
  '\n#define ERROR_DI_DO_DEFAULT (ERROR_DI_DO_DEFAULT)\n', '\n#define A B\n#define B A\n', '\n#include <setupapi.h>\n', '\n#pragma once\n', '\n#error stop\n',
  'return ', 'return;', 'return ERROR_DI_DO_DEFAULT;', 'return NO_ERROR;', 'return GetLastError();', 'return E_FAIL;', 'return TRUE;',
  'case DIF_FINISHINSTALL_ACTION:', 'case DIF_NEWDEVICEWIZARD_FINISHINSTALL:', 'case 0x2A:', 'default:', 'switch (InstallFunction) {',
  'if (Context->PostProcessing) ', 'if (InstallFunction == DIF_FINISHINSTALL_ACTION) ', 'else ', 'goto done;', 'done:', 'break;', 'continue;',
  'DeviceInstallParams.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;', 'DeviceInstallParams.Flags |= DI_FLAGSEX_FINISHINSTALL_ACTION;',
  'DeviceInstallParams.cbSize = sizeof(DeviceInstallParams);', 'SetupDiGetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);',
  'SetupDiSetDeviceInstallParams(DeviceInfoSet, DeviceInfoData, &DeviceInstallParams);', 'CreateProcess(0);', 'ExitWindowsEx(0, 0);',
  'Helper(DeviceInfoSet, DeviceInfoData);', 'DWORD Helper(HDEVINFO a, PSP_DEVINFO_DATA b) { return Helper(a, b); }',
  'while (1) ', 'for (;;) ', 'do ', ' while (0);', '__try {', '__except (1) {', '__finally {', 'try {', 'catch (...) {', 'template <typename T> ',
  'namespace N {', 'extern "C" {', 'R"(', ')"', 'R"x(', "L'", 'L"', 'u8"', '[[fallthrough]];', 'static_assert(1);', 'sizeof(', '...',
  '// finish-install-disable-next-line ', '/* finish-install-disable-line coinstaller-do-default */', '// finish-install-disable-file',
  '// finish-install-disable-next-line no-such-rule, coinstaller-do-default -- reason\n', '/* finish-install-disable-next-line\n*/',
  'DWORD CALLBACK Co(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)',
  'DWORD CALLBACK Ci(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)',
];

/** Pieces that break INF structure: sections, quotes, %tokens%, comments, continuations, registry lines. */
export const INF_SNIPPETS: readonly string[] = [
  '[', ']', '[]', '"', '""', '%', '%%', '%Foo%', '%Foo', ';', ',', '=', '\\', '\\\n', ' \\ ', '{', '}', '$', 'NT$ARCH$',
  '\n[Version]\n', '\n[Strings]\n', '\n[strings.0409]\n', '\n[ClassInstall32]\n', '\n[ClassInstall32.NTamd64]\n', '\n[DDInstall.CoInstallers]\n',
  '\n[DDInstall.NTamd64.CoInstallers]\n', '\n[Co_AddReg]\n', '\nAddReg=Co_AddReg\n', '\nCopyFiles=Co_Copy\n', '\nClass=Net\n',
  '\nClassGUID={4d36e972-e325-11ce-bfc1-08002be10318}\n', '\nHKR,,CoInstallers32,0x00010000,"x.dll,Entry"\n', '\nHKR,,CoInstallers32,,"x.dll,Entry"\n',
  '\nHKR,,Installer32,,"x.dll,Entry"\n', '\nHKR,,CoInstallers32,0x00010000,"WdfCoInstaller01009.dll,WdfCoInstaller"\n', '\nFoo="a ; b"\n',
  '\nFoo=%Foo%\n', '\nFoo=%Bar%\nBar=%Foo%\n', '\nx.dll\n', '\n[SourceDisksFiles]\nx.dll=1\n', '\n[DestinationDirs]\nDefaultDestDir=11\n',
  '; finish-install-disable-next-line ', '; finish-install-disable-file', '; finish-install-disable-next-line no-such-rule -- reason\n',
];

/** Characters every text may meet: NUL, lone surrogates, replacement char, BOM, odd line breaks, astral. */
export const HOSTILE_CHARACTERS: readonly string[] = [
  '\u0000', '\ud800', '\udfff', '\ufffd', '\ufeff', '\r', '\r\n', '\n\r', '\u2028', '\u2029', '\u0085', '\t', '\v', '\f', '\u00a0', '\u{1F600}', '\u0301', '\u200b',
];

const INVALID_UTF8_BYTES = [0x80, 0xbf, 0xc0, 0xc1, 0xc3, 0xe0, 0xed, 0xa0, 0xf0, 0xf4, 0x90, 0xf5, 0xfe, 0xff, 0x00, 0x0d, 0x0a];

function mutationArbitrary(language: DocumentLanguage): fc.Arbitrary<Mutation> {
  const snippets = language === 'inf' ? INF_SNIPPETS : C_SNIPPETS;
  const position = fc.nat({ max: 1_000_000 });
  const insertText = fc.oneof(
    { arbitrary: fc.constantFrom(...snippets), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 1 },
    { arbitrary: fc.array(fc.constantFrom(...snippets, ...HOSTILE_CHARACTERS), { maxLength: 12 }).map((parts) => parts.join('')), weight: 2 },
  );
  const nestShapes: ReadonlyArray<[string, string]> =
    language === 'inf' ? [['[', ']'], ['"', '"'], ['%', '%'], ['\\\n', '']] : [['{', '}'], ['(', ')'], ['[', ']'], ['if (x) ', ''], ['\n#if X\n', '\n#endif\n'], ['{', ''], ['(', ''], ['/*', '*/']];
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('delete-tokens' as const), at: position, count: fc.integer({ min: 1, max: 20 }) }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('duplicate-tokens' as const), at: position, count: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('swap-tokens' as const), a: position, b: position }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: insertText }), weight: 8 },
    {
      arbitrary: fc
        .record({ at: position, closeAt: position, shape: fc.constantFrom(...nestShapes), depth: fc.constantFrom(2, 30, 300, 2000) })
        .map(({ at, closeAt, shape, depth }): Mutation => ({ kind: 'nest', at, closeAt, open: shape[0], close: shape[1], depth })),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('line-ends' as const), style: fc.constantFrom<LineEndStyle>('lf', 'crlf', 'cr', 'mixed') }), weight: 2 },
    { arbitrary: fc.constant({ kind: 'bom' as const }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('invalid-utf8' as const), at: position, bytes: fc.array(fc.constantFrom(...INVALID_UTF8_BYTES), { minLength: 1, maxLength: 4 }) }), weight: 2 },
  );
}

/** A seed picked from `seeds`, its language (C seeds are also read as C++), and up to `maxMutations` mutations. */
export function fuzzInputArbitrary(seeds: readonly Seed[], maxMutations = 6): fc.Arbitrary<FuzzInput> {
  if (seeds.length === 0) throw new Error('no seeds');
  return fc.nat({ max: seeds.length - 1 }).chain((index) => {
    const seed = seeds[index];
    const language: fc.Arbitrary<DocumentLanguage> = seed.language === 'inf' ? fc.constant('inf') : fc.constantFrom<DocumentLanguage>(seed.language, seed.language === 'c' ? 'cpp' : 'c');
    return fc.record({ language, mutations: fc.array(mutationArbitrary(seed.language), { minLength: 1, maxLength: maxMutations }) }).map(({ language, mutations }) => ({
      seed: seed.name,
      language,
      mutations,
      text: applyMutations(seed.text, mutations),
    }));
  });
}

/** Text made only of snippets and hostile characters, without a seed: structure soup. */
export function soupArbitrary(language: DocumentLanguage): fc.Arbitrary<FuzzInput> {
  const pieces = [...(language === 'inf' ? INF_SNIPPETS : C_SNIPPETS), ...HOSTILE_CHARACTERS, ' ', '\n', 'x', 'DI_FUNCTION'];
  return fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((parts) => ({ seed: '(soup)', language, mutations: [], text: parts.join('') }));
}

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

// Tokens: identifier-like runs, whitespace runs, or one UTF-16 unit (so surrogate pairs can be split).
const TOKEN = /[A-Za-z_0-9]+|\s+|[^A-Za-z_0-9\s]/g;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete-tokens': {
      const tokens = tokenize(text);
      if (tokens.length === 0) return text;
      const at = m.at % tokens.length;
      tokens.splice(at, m.count);
      return tokens.join('');
    }
    case 'duplicate-tokens': {
      const tokens = tokenize(text);
      if (tokens.length === 0) return text;
      const at = m.at % tokens.length;
      tokens.splice(at, 0, ...tokens.slice(at, at + m.count));
      return tokens.join('');
    }
    case 'swap-tokens': {
      const tokens = tokenize(text);
      if (tokens.length === 0) return text;
      const a = m.a % tokens.length;
      const b = m.b % tokens.length;
      [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
      return tokens.join('');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'nest': {
      const at = m.at % (text.length + 1);
      const closeAt = at + (m.closeAt % (text.length - at + 1));
      return text.slice(0, at) + m.open.repeat(m.depth) + text.slice(at, closeAt) + m.close.repeat(m.depth) + text.slice(closeAt);
    }
    case 'line-ends':
      return convertLineEnds(text, m.style);
    case 'bom':
      return '\ufeff' + text;
    case 'invalid-utf8': {
      const bytes = Buffer.from(text, 'utf8');
      const at = m.at % (bytes.length + 1);
      return decodeText(Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)])).text;
    }
  }
}

export function convertLineEnds(text: string, style: LineEndStyle): string {
  let k = 0;
  const ends = { lf: ['\n'], crlf: ['\r\n'], cr: ['\r'], mixed: ['\n', '\r\n', '\r'] }[style];
  return text.replace(/\r\n|\r|\n/g, () => ends[k++ % ends.length]);
}
