/**
 * Loads tree-sitter and the C and C++ grammars once per process and parses prepared source.
 * The wasm files are looked up next to the bundled code first (grammars/), then in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { prepareSource, type PreparedSource } from './prepare';

export type CDialect = 'c' | 'cpp';

export interface CParsers {
  parse(text: string, dialect: CDialect): ParsedC;
}

export interface ParsedC {
  tree: Tree;
  prepared: PreparedSource;
  dialect: CDialect;
}

const wasmFiles = {
  runtime: ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  c: ['tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'],
  cpp: ['tree-sitter-cpp.wasm', 'tree-sitter-cpp/tree-sitter-cpp.wasm'],
} as const;

function locate([bundledName, modulePath]: readonly [string, string]): string {
  for (const dir of [path.join(__dirname, 'grammars'), path.join(__dirname, '..', 'grammars')]) {
    const candidate = path.join(dir, bundledName);
    if (fs.existsSync(candidate)) return candidate;
  }
  return require.resolve(modulePath);
}

let loading: Promise<CParsers> | undefined;

/** Resolves once per process; every later call shares the same parsers. */
export function loadCParsers(): Promise<CParsers> {
  loading ??= (async () => {
    const runtimePath = locate(wasmFiles.runtime);
    await Parser.init({ locateFile: () => runtimePath });
    const [c, cpp] = await Promise.all([Language.load(locate(wasmFiles.c)), Language.load(locate(wasmFiles.cpp))]);
    const cParser = new Parser();
    cParser.setLanguage(c);
    const cppParser = new Parser();
    cppParser.setLanguage(cpp);
    return {
      parse(text: string, dialect: CDialect): ParsedC {
        const prepared = prepareSource(text);
        const parser = dialect === 'c' ? cParser : cppParser;
        const tree = parser.parse(prepared.text);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return { tree, prepared, dialect };
      },
    };
  })();
  return loading;
}

/** .c files are C; headers and C++ files use the C++ grammar, which also reads C headers. */
export function dialectOf(filePath: string): CDialect {
  return path.extname(filePath).toLowerCase() === '.c' ? 'c' : 'cpp';
}
