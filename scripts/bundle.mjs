#!/usr/bin/env node
// Bundles the extension for shipping: the client into dist/extension.js and the language server into
// dist/server.js (CommonJS, Node, minified), and copies tree-sitter's wasm next to them in
// dist/grammars/, where server/src/engine/c/parser.ts looks first. Activation then loads one file
// instead of hundreds from node_modules, and the .vsix needs no node_modules at all.
//
// It also builds the npm package of the command-line tool in packages/cli: bin/finish-install-lint.js
// with the compiled CLI behind it as one file, the analysis threads' entry next to it, the same wasm,
// and the root's LICENSE and the README's command-line sections. The package has no dependencies.
//
// Client and server import the protocol as `#protocol` (package.json "imports"); the `source` condition
// makes esbuild read its TypeScript source, so the bundle needs no compiled protocol/out. The CLI is read
// compiled (server/out), so run `npm run compile` first (vscode:prepublish and the CLI package's prepack do).
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

const cliPackageDir = path.join(repoRoot, 'packages', 'cli');
const cliDistDir = path.join(cliPackageDir, 'dist');

for (const compiled of ['server/out/cli/cli.js']) {
  if (!fs.existsSync(path.join(repoRoot, compiled))) fail(`${compiled} is missing: run \`npm run compile\` first`);
}
const extensionManifest = readJson(path.join(repoRoot, 'package.json'));
const cliManifest = readJson(path.join(cliPackageDir, 'package.json'));
if (cliManifest.version !== extensionManifest.version) {
  fail(`packages/cli/package.json has version ${cliManifest.version}, the extension ${extensionManifest.version}: the CLI's version follows the extension's`);
}

const startedAt = Date.now();
// Stale files (an old chunk, a map from a --sourcemap run) must not end up in the package.
for (const dir of [distDir, cliDistDir]) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'grammars'), { recursive: true });
}

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
  // The workspace scan's second thread, which lsp/scanThread.ts looks for next to the server.
  { ...common, entryPoints: ['server/src/lsp/scanWorker.ts'], outfile: 'dist/scanWorker.js', alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' } },
  // The CLI package: the launcher users run (its hashbang kept) with server/out/cli behind it, and the
  // worker-thread entry, which cli/parallel.ts looks for next to the CLI (without it, one thread only).
  { ...common, entryPoints: ['bin/finish-install-lint.js'], outfile: 'packages/cli/dist/finish-install-lint.js' },
  { ...common, entryPoints: ['server/out/cli/analysisWorker.js'], outfile: 'packages/cli/dist/analysisWorker.js' },
  // The flow view's page script (with dagre) and its stylesheet, loaded by the webview from dist/webview/
  // only: the page reaches no network.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/src/flow.ts'], outfile: 'dist/webview/flow.js' },
];

for (const wasm of wasmFiles) {
  for (const dir of [grammarsDir, path.join(cliDistDir, 'grammars')]) fs.copyFileSync(path.join(repoRoot, 'node_modules', wasm), path.join(dir, path.basename(wasm)));
}
fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(cliPackageDir, 'LICENSE'));
fs.writeFileSync(path.join(cliPackageDir, 'README.md'), cliReadme(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[bundle] watching for changes');
} else {
  report(await Promise.all(builds.map((options) => esbuild.build(options))));
}

/** The README the npm package shows: the root README's opening paragraph and its command-line sections. */
function cliReadme(readme) {
  const repositoryUrl = extensionManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const sections = ['Command line and CI', 'Configuration and suppression'].map((title) => {
    const match = new RegExp(`^## ${title}\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm').exec(readme);
    if (!match) fail(`README.md has no section "## ${title}" for packages/cli/README.md`);
    return match[0].trimEnd();
  });
  const opening = readme.split(/\n\n/)[1];
  const body = [`# ${cliManifest.name}`, opening, ...sections, `The rules, the VS Code extension and how it works: ${repositoryUrl}`].join('\n\n');
  // Links relative to the repository would point nowhere on npmjs.com.
  return body.replace(/\]\((?![a-z]+:|#)([^)]+)\)/g, (_, target) => `](${repositoryUrl}/blob/main/${target})`) + '\n';
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function fail(message) {
  console.error(`[bundle] ${message}`);
  process.exit(1);
}

function report(results) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  for (const { metafile } of results) {
    for (const [file, { bytes }] of Object.entries(metafile.outputs)) console.log(`[bundle] ${file} ${kb(bytes)}`);
  }
  for (const wasm of fs.readdirSync(grammarsDir)) console.log(`[bundle] {dist,packages/cli/dist}/grammars/${wasm} ${kb(fs.statSync(path.join(grammarsDir, wasm)).size)}`);
  console.log(`[bundle] done in ${Date.now() - startedAt} ms`);
}
