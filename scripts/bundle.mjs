#!/usr/bin/env node
// Bundles the extension for shipping: the client into dist/extension.js and the language server into
// dist/server.js (CommonJS, Node, minified), and copies tree-sitter's wasm next to them in
// dist/grammars/, where server/src/engine/c/parser.ts looks first. Activation then loads one file
// instead of hundreds from node_modules, and the .vsix needs no node_modules at all.
//
// Client and server import the protocol as `#protocol` (package.json "imports"); the `source` condition
// makes esbuild read its TypeScript source, so the bundle needs no compiled protocol/out.
//   node scripts/bundle.mjs            minified, no source maps (what the package ships)
//   node scripts/bundle.mjs --sourcemap  adds linked source maps, for debugging the bundle
//   node scripts/bundle.mjs --watch      rebuilds on every change (with source maps), for F5 sessions
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(repoRoot, 'dist');
const grammarsDir = path.join(distDir, 'grammars');
const watch = process.argv.includes('--watch');
const withSourceMaps = watch || process.argv.includes('--sourcemap');

/** The wasm the parser loads at run time; esbuild cannot follow these, so they are copied. */
const wasmFiles = ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-c/tree-sitter-c.wasm', 'tree-sitter-cpp/tree-sitter-cpp.wasm'];

const startedAt = Date.now();
// Stale files (an old chunk, a map from a --sourcemap run) must not end up in the package.
fs.rmSync(distDir, { recursive: true, force: true });
fs.mkdirSync(grammarsDir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  // VS Code's extension host runs Node 20 or later (Node 24 under the real-VS Code tests).
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: withSourceMaps ? 'linked' : false,
  // Warnings (an import esbuild cannot follow, say) must show, not only errors.
  logLevel: 'warning',
  absWorkingDir: repoRoot,
  metafile: true,
  conditions: ['source'],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['server/src/lsp/server.ts'],
    outfile: 'dist/server.js',
    // The TypeScript `import` would select web-tree-sitter's ES module, whose createRequire(import.meta.url)
    // breaks in a CommonJS bundle; its CommonJS build is also what the compiled server (server/out) runs.
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  },
];

for (const wasm of wasmFiles) {
  fs.copyFileSync(path.join(repoRoot, 'node_modules', wasm), path.join(grammarsDir, path.basename(wasm)));
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[bundle] watching for changes');
} else {
  report(await Promise.all(builds.map((options) => esbuild.build(options))));
}

function report(results) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  for (const { metafile } of results) {
    for (const [file, { bytes }] of Object.entries(metafile.outputs)) console.log(`[bundle] ${file} ${kb(bytes)}`);
  }
  for (const wasm of fs.readdirSync(grammarsDir)) console.log(`[bundle] dist/grammars/${wasm} ${kb(fs.statSync(path.join(grammarsDir, wasm)).size)}`);
  console.log(`[bundle] done in ${Date.now() - startedAt} ms`);
}
