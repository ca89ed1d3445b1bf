// The one place that pins what the real-VS Code test harness runs on, and where it is cached.
// Changing a version here makes setup.mjs provision the new one on its next run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Node that runs VS Code's server: VS Code 1.139 crashes on Node 20 (`registerHooks` missing). */
export const NODE_VERSION = '24.21.0';
/** code-server 4.139.1 carries VS Code 1.139.1 (server + web workbench) in lib/vscode. */
export const CODE_SERVER_VERSION = '4.139.1';
/** Debian's chromium (apt); playwright-core drives it, it never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Set to a desktop VS Code executable to use it instead of the provisioned one. */
export const DESKTOP_VSCODE_ENV = 'FINISH_INSTALL_VSCODE_EXECUTABLE';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheRoot = path.join(repoRoot, '.vscode-test');
export const nodeDir = path.join(cacheRoot, `node-${NODE_VERSION}`);
export const nodeBinary = path.join(nodeDir, 'bin', 'node');
export const codeServerDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
export const serverMain = path.join(vscodeDir, 'out', 'server-main.js');
/** Written last by setup.mjs: its presence with matching versions means the cache is complete. */
export const markerFile = path.join(cacheRoot, 'real-vscode.json');

export const expectedMarker = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };
