/**
 * Inputs no mutation reaches by chance: 10k-deep nesting of every construct the model recurses on, and
 * very large files (a 50 MB single line). Each is built on demand from its size, so tests can use the
 * same shapes at the depth they need.
 */
import type { DocumentLanguage } from '../engine';

export interface ExtremeCase {
  name: string;
  language: DocumentLanguage;
  /** Built lazily: some are 50 MB. */
  build(): string;
  /** The size limit to analyse with (the default 2048 KB would skip the big ones before parsing). */
  maxFileSizeKB?: number;
  /** Slow to build or analyse: run by `npm run fuzz -- --extremes`, not by the unit tests. */
  big?: boolean;
}

const CO_INSTALLER_HEAD =
  'DWORD CALLBACK DeepCoInstaller(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)\n{\n';
const TAIL = '    return ERROR_DI_DO_DEFAULT;\n}\n';

/** A co-installer whose body holds `body`: the shapes below are nested inside a real entry point. */
export function inCoInstaller(body: string): string {
  return CO_INSTALLER_HEAD + body + '\n' + TAIL;
}

/** Nesting shapes, by name: each takes a depth and returns C/C++ text with an entry point around it. */
export const NESTING_SHAPES: Record<string, (depth: number) => string> = {
  braces: (n) => inCoInstaller('{'.repeat(n) + 'return NO_ERROR;' + '}'.repeat(n)),
  'unclosed-braces': (n) => CO_INSTALLER_HEAD + '{'.repeat(n) + 'return NO_ERROR;',
  parens: (n) => inCoInstaller('return ' + '('.repeat(n) + 'NO_ERROR' + ')'.repeat(n) + ';'),
  'unclosed-parens': (n) => CO_INSTALLER_HEAD + 'return ' + '('.repeat(n) + 'NO_ERROR;',
  ifs: (n) => inCoInstaller('if (InstallFunction == DIF_FINISHINSTALL_ACTION) '.repeat(n) + 'return NO_ERROR;'),
  'else-ifs': (n) => inCoInstaller(Array.from({ length: n }, (_, i) => `if (InstallFunction == ${i + 1}) return ${i};`).join(' else ')),
  'braced-ifs': (n) => inCoInstaller('if (Context->PostProcessing) {\n'.repeat(n) + 'return NO_ERROR;\n' + '}\n'.repeat(n)),
  whiles: (n) => inCoInstaller('while (Context->PostProcessing) '.repeat(n) + 'break;'),
  'do-whiles': (n) => inCoInstaller('do '.repeat(n) + 'return NO_ERROR;' + ' while (0);'.repeat(n)),
  switches: (n) => inCoInstaller('switch (InstallFunction) { case DIF_FINISHINSTALL_ACTION: '.repeat(n) + 'return NO_ERROR;' + ' }'.repeat(n)),
  'preprocessor-ifs': (n) => inCoInstaller('#if X\n'.repeat(n) + 'return NO_ERROR;\n' + '#endif\n'.repeat(n)),
  'preprocessor-ifs-unclosed': (n) => inCoInstaller('#ifdef X\n'.repeat(n) + 'return NO_ERROR;\n'),
  'binary-chain': (n) => inCoInstaller('return ' + Array(n).fill('ERROR_DI_DO_DEFAULT').join(' | ') + ';'),
  'unary-chain': (n) => inCoInstaller('return ' + '~'.repeat(n) + '0;'),
  'negation-chain': (n) => inCoInstaller('if (' + '!'.repeat(n) + 'Context->PostProcessing) return NO_ERROR;'),
  'nested-calls': (n) => inCoInstaller('return ' + 'Helper('.repeat(n) + '0' + ')'.repeat(n) + ';'),
  casts: (n) => inCoInstaller('return ' + '(DWORD)'.repeat(n) + 'NO_ERROR;'),
  ternaries: (n) => inCoInstaller('return ' + 'Context->PostProcessing ? NO_ERROR : '.repeat(n) + 'ERROR_DI_DO_DEFAULT;'),
  assignments: (n) => inCoInstaller('DWORD x; x = '.concat('x = '.repeat(n), 'NO_ERROR; return x;')),
  'field-chain': (n) => inCoInstaller('DeviceInstallParams' + '.Next'.repeat(n) + '.FlagsEx |= DI_FLAGSEX_FINISHINSTALL_ACTION;'),
  'flag-or-chain': (n) => inCoInstaller('DeviceInstallParams.FlagsEx |= ' + Array(n).fill('DI_FLAGSEX_FINISHINSTALL_ACTION').join(' | ') + ';'),
  'initializer-lists': (n) => inCoInstaller('SP_DEVINSTALL_PARAMS p = ' + '{'.repeat(n) + 'sizeof(p)' + '}'.repeat(n) + ';'),
  'labels-and-gotos': (n) => inCoInstaller(Array.from({ length: n }, (_, i) => `goto l${i}; l${i}:`).join(' ') + ' return NO_ERROR;'),
  'top-level-preprocessor': (n) => '#ifdef A\n'.repeat(n) + inCoInstaller('return NO_ERROR;') + '#endif\n'.repeat(n),
  'top-level-braces': (n) => '{'.repeat(n) + inCoInstaller('return NO_ERROR;'),
  'recursive-helpers': (n) =>
    Array.from({ length: n }, (_, i) => `static DWORD H${i}(HDEVINFO a) { return H${i + 1}(a); }\n`).join('') + inCoInstaller('return H0(DeviceInfoSet);'),
};

/** C++ only. */
export const CPP_NESTING_SHAPES: Record<string, (depth: number) => string> = {
  namespaces: (n) => 'namespace a { '.repeat(n) + inCoInstaller('return NO_ERROR;') + '}'.repeat(n),
  'extern-c': (n) => 'extern "C" { '.repeat(n) + inCoInstaller('return NO_ERROR;') + '}'.repeat(n),
  templates: (n) => inCoInstaller('A' + '<A'.repeat(n) + '>'.repeat(n) + ' x; return NO_ERROR;'),
  'try-blocks': (n) => inCoInstaller('try { '.repeat(n) + 'return NO_ERROR;' + ' } catch (...) { return ERROR_DI_DO_DEFAULT; }'.repeat(n)),
  lambdas: (n) => inCoInstaller('auto f = ' + '[&]() { return '.repeat(n) + '0' + '; }'.repeat(n) + '; return NO_ERROR;'),
};

/** INF files with huge counts where C has depth: continuations, sections, string chains. */
export const INF_SHAPES: Record<string, (count: number) => string> = {
  continuations: (n) => '[Version]\nSignature="$WINDOWS NT$"\n[Co_AddReg]\nHKR,,CoInstallers32,0x00010000,' + '"x.dll,Entry",\\\n'.repeat(n) + '"y.dll"\n',
  sections: (n) => '[Version]\n' + Array.from({ length: n }, (_, i) => `[S${i % 7}]\nAddReg=S${(i + 1) % 7}\n`).join(''),
  'string-chain': (n) => '[Version]\nClass=%S0%\n[Strings]\n' + Array.from({ length: n }, (_, i) => `S${i}=%S${i + 1}%\n`).join(''),
  'self-referencing-strings': (n) => '[Version]\nClass=%A%\n[Strings]\nA=' + '%A%'.repeat(n) + '\n',
  'percent-run': (n) => '[Version]\nClass=' + '%'.repeat(n) + '\n',
  'quote-run': (n) => '[Version]\nClass=' + '"'.repeat(n) + '\n',
  'bracket-run': (n) => '['.repeat(n) + '\n' + ']'.repeat(n) + '\n',
  'comma-run': (n) => '[Co_AddReg]\nHKR,,CoInstallers32,0x00010000' + ','.repeat(n) + '\n',
};

const FIFTY_MB = 50 * 1024 * 1024;
const BIG_LIMIT_KB = 64 * 1024;

/** Every extreme case: nesting at `depth` (10k by default) and the big inputs. */
export function extremeCases(depth = 10_000): ExtremeCase[] {
  const cases: ExtremeCase[] = [];
  for (const [name, shape] of Object.entries(NESTING_SHAPES)) {
    for (const language of ['c', 'cpp'] as const) {
      cases.push({ name: `${name} x${depth} (${language})`, language, build: () => shape(depth), maxFileSizeKB: BIG_LIMIT_KB });
    }
  }
  for (const [name, shape] of Object.entries(CPP_NESTING_SHAPES)) {
    cases.push({ name: `${name} x${depth} (cpp)`, language: 'cpp', build: () => shape(depth), maxFileSizeKB: BIG_LIMIT_KB });
  }
  for (const [name, shape] of Object.entries(INF_SHAPES)) {
    cases.push({ name: `${name} x${depth * 10} (inf)`, language: 'inf', build: () => shape(depth * 10), maxFileSizeKB: BIG_LIMIT_KB });
  }
  const seedLine = inCoInstaller('return NO_ERROR;');
  for (const language of ['c', 'cpp'] as const) {
    // With the default limit the engine must refuse quickly, without reading the text twice.
    cases.push({ name: `50 MB line, default limit (${language})`, language, big: true, build: () => seedLine + 'x'.repeat(FIFTY_MB) });
    cases.push({ name: `50 MB comment line (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => seedLine + '// ' + 'x'.repeat(FIFTY_MB) + '\n' });
    cases.push({ name: `50 MB string literal in a handler (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => inCoInstaller('LPCWSTR s = L"' + 'x'.repeat(FIFTY_MB) + '";') });
    cases.push({ name: `50 MB identifier (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => inCoInstaller('return ' + 'x'.repeat(FIFTY_MB) + ';') });
    cases.push({ name: `50 MB of statements on one line (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => inCoInstaller(repeatTo('Status = Helper(Status); ', FIFTY_MB)) });
    cases.push({ name: `50 MB of functions on one line (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => repeatTo('static int f(int a) { return a + 1; } ', FIFTY_MB) + seedLine });
    cases.push({ name: `5 MB of entry points on one line (${language})`, language, big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => repeatTo(seedLine.replace(/\n/g, ' '), 5 * 1024 * 1024) });
  }
  cases.push({ name: '50 MB INF line, default limit', language: 'inf', big: true, build: () => '[Version]\nClass=' + 'x'.repeat(FIFTY_MB) + '\n' });
  cases.push({ name: '50 MB INF line', language: 'inf', big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => '[Version]\nClass=' + 'x'.repeat(FIFTY_MB) + '\n' });
  cases.push({ name: '50 MB INF line of fields', language: 'inf', big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => '[Co_AddReg]\nHKR,,CoInstallers32,0x00010000,' + repeatTo('"x.dll,Entry",', FIFTY_MB) + '\n' });
  cases.push({ name: '50 MB INF line of %tokens%', language: 'inf', big: true, maxFileSizeKB: BIG_LIMIT_KB, build: () => '[Version]\nClass=' + repeatTo('%A%', FIFTY_MB) + '\n[Strings]\nA=b\n' });
  return cases;
}

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length));
}
