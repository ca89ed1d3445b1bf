// The import invariants of ARCHITECTURE.md, checked by `npm run lint:deps` (part of `npm test`).
// Each rule's comment says which invariant it keeps; server/src/test/architecture.test.ts proves
// that a forbidden import fails the check.
/** A rule file: one per rule id under engine/rules/c or engine/rules/inf (not their shared helpers). */
const RULE_FILE = '^server/src/engine/rules/(c|inf)/(?!helpers\\.ts$|context\\.ts$|index\\.ts$)[^/]+\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-knows-no-lsp',
      comment: 'The engine is a pure library: no VS Code, no LSP, no front end, no protocol.',
      severity: 'error',
      from: { path: '^server/src/engine/' },
      to: { path: ['^server/src/(lsp|cli|shared)/', '^client/', '^protocol/', 'node_modules/(vscode-languageserver|vscode-languageclient|vscode-jsonrpc|@types/vscode)/'] },
    },
    {
      name: 'front-ends-never-import-each-other',
      comment: 'The language server, the CLI and the client share code only through the engine, server/src/shared/ or the protocol.',
      severity: 'error',
      from: { path: '^server/src/(lsp|cli|shared)/' },
      to: { path: '^server/src/(lsp|cli)/', pathNot: '^server/src/$1/' },
    },
    {
      name: 'client-imports-only-the-protocol',
      comment: 'The VS Code client talks to the server over LSP: it imports the protocol, never server code.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'engine-only-through-its-public-surface',
      comment: 'Front ends and shared code import the engine through server/src/engine/index.ts only.',
      severity: 'error',
      from: { path: '^server/src/(lsp|cli|shared)/' },
      to: { path: '^server/src/engine/', pathNot: '^server/src/engine/index\\.ts$' },
    },
    {
      name: 'protocol-from-its-source',
      comment: 'Client and server import the protocol as #protocol (its source), never its compiled output.',
      severity: 'error',
      from: {},
      to: { path: '^protocol/out/' },
    },
    {
      name: 'a-rule-sees-only-its-context',
      comment: 'A rule reads the context it is given (model, INF, entry points), the catalogue and the pure helpers; it does not parse, run other rules or reach the features and the engine driver.',
      severity: 'error',
      from: { path: RULE_FILE },
      to: {
        pathNot: [
          '^server/src/engine/(catalogue|types|lines|positions)\\.ts$',
          '^server/src/engine/rules/rule\\.ts$',
          '^server/src/engine/rules/(c|inf)/(helpers|context)\\.ts$',
          '^server/src/engine/model/(types|values)\\.ts$',
          '^server/src/engine/inf/(model|query|addreg|install|registrations|documents)\\.ts$',
        ],
      },
    },
    {
      name: 'model-knows-no-rules',
      comment: 'The installer model and the parsers come before the rules and the editor features.',
      severity: 'error',
      from: { path: '^server/src/engine/(model|c|inf)/' },
      to: { path: '^server/src/engine/(rules|features)/' },
    },
    {
      name: 'imports-resolve',
      comment: 'An import the checker cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)out/' },
    tsPreCompilationDeps: true,
    // #protocol resolves to the protocol's source here, as in esbuild and for TypeScript's types.
    enhancedResolveOptions: { conditionNames: ['source', 'require', 'node', 'default'], exportsFields: ['exports'], mainFields: ['main', 'types'] },
  },
};
