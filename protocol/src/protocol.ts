/**
 * What the Finish-Install client and server say to each other beyond standard LSP, written once and
 * imported by both sides. Plain strings and interfaces only: this module has no runtime dependencies,
 * so the client, the server and the tests can load it without pulling in either LSP package.
 */

/** The language client's id: VS Code reads `<id>.trace.server` for protocol tracing. */
export const CLIENT_ID = 'finishInstall';
export const CLIENT_NAME = 'Finish-Install Lint';
/** Output channel for the server's log (connection.console) and the protocol trace. */
export const OUTPUT_CHANNEL_NAME = 'Finish-Install Lint';

/** The `contributes.configuration` section the server reads through workspace/configuration. */
export const SETTINGS_SECTION = 'finishInstall';

/** Values of the `finishInstall.*` settings as the server receives them (any field may be missing). */
export interface FinishInstallSettings {
  enable?: boolean;
  /** Rule id -> "off" | "hint" | "information" | "warning" | "error"; wins over `.finish-install.json`. */
  rules?: Record<string, string>;
  /** Macros the build defines (`NAME` -> value), pinned as with the CLI's -D; wins over `.finish-install.json`. */
  defines?: Record<string, string | number>;
  maxFileSizeKB?: number;
  /** `finishInstall.codeLens.enable`: the lenses above entry points and DIF handlers. */
  codeLens?: { enable?: boolean };
  trace?: { server?: 'off' | 'messages' | 'verbose' };
}

/** Source of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'finish-install';

export const RESTART_SERVER_COMMAND = 'finishInstall.restartServer';

/**
 * The command of the code lenses: reveals and selects an entry point and opens its flow view (arguments:
 * RevealEntryPointArgs).
 */
export const REVEAL_ENTRY_POINT_COMMAND = 'finishInstall.revealEntryPoint';

export interface RevealEntryPointArgs {
  uri: string;
  /** The entry point's name. */
  range: ProtocolRange;
}

/**
 * Node options the language server runs with (the extension, the benchmark and the tests start it so).
 * With Node's default heap limit (a quarter of the machine's memory) V8 lets garbage pile up to hundreds
 * of MB before collecting; a 1 GB limit makes it collect sooner (20 open 10k-line files: peak RSS about
 * 400 -> 290 MB) and is far above what the largest file the engine accepts needs (8 MB: about 700 MB).
 * A 2 MB young generation (default 16 MB) takes another 30 MB off that peak (about 200 -> 170 MB) at no
 * cost the benchmark could tell from noise: an analysis's garbage is short-lived. Growing the old
 * generation by at most 20% per collection takes the peak to about 155 MB; the cost is more full
 * collections (opening the 20 files takes about 10% longer; typing latency did not change).
 * The parser's wasm is optimized after ten times V8's default amount of work: optimizing it while the
 * first file is analysed took CPU from that analysis (first diagnostics of a 1k-line file: about 40 ms
 * sooner, 70 ms less CPU, in interleaved runs); a few files later it is optimized all the same.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-old-space-size=1024', '--max-semi-space-size=2', '--heap-growing-percent=20', '--wasm-tiering-budget=18000000'];

/** Document languages the server handles (VS Code language ids). */
export const LANGUAGE_IDS = ['c', 'cpp', 'inf'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];
/** URI schemes the server handles: files on disk and unsaved editors. */
export const DOCUMENT_SCHEMES = ['file', 'untitled'] as const;

/** A zero-based line and UTF-16 column, as in LSP. */
export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface ProtocolRange {
  start: ProtocolPosition;
  end: ProtocolPosition;
}

/**
 * `finishInstall/explain`: what the return code, DIF code or device-install flag at a position means in
 * the context the server sees (installer kind, DIF handler, pre-/post-processing). The client shows it
 * as a hover; the knowledge stays in the server's catalogue.
 */
export const EXPLAIN_REQUEST = 'finishInstall/explain';

export interface ExplainParams {
  textDocument: { uri: string };
  position: ProtocolPosition;
}

/** null: nothing to explain at that position. */
export type ExplainResult = {
  /** Markdown (trusted only as plain markdown: no command links). */
  markdown: string;
  /** The token that was explained, for the hover's highlight. */
  range: ProtocolRange;
} | null;

/**
 * `finishInstall/status` (server to client, notification): what the server made of a C, C++ or INF
 * document, sent after each analysis, for the language status item. The words are the server's.
 */
export const STATUS_NOTIFICATION = 'finishInstall/status';

export interface DocumentStatus {
  uri: string;
  /** One line: "co-installer FabrikamCoInstaller (registered in fabrikam.inf:46)", "no installer", "INF: registers 1 installer". */
  text: string;
  /** Longer: where the roles come from, or why the file was skipped. */
  detail: string;
  /** analysed: checked; skipped: not analysed (detail says why); disabled: finishInstall.enable is off. */
  state: 'analysed' | 'skipped' | 'disabled';
}

/**
 * `finishInstall/installerFlow`: the sequence Windows runs around finish-install for the entry point at
 * a position (or the file's first), with the steps this installer's code can take marked; the client
 * draws it in the flow view. The server's engine (features/flow.ts) computes it from the model.
 */
export const INSTALLER_FLOW_REQUEST = 'finishInstall/installerFlow';
/** The command that opens the flow view; arguments: an optional document URI and position. */
export const SHOW_INSTALLER_FLOW_COMMAND = 'finishInstall.showInstallerFlow';

export interface InstallerFlowParams {
  textDocument: { uri: string };
  /** Omitted: the file's first entry point. */
  position?: ProtocolPosition;
}

export interface InstallerFlowStep {
  id: string;
  /** dif: a DIF code Windows sends; installer: this entry point's code; windows: what Windows and other installers run; decision; return; outcome. */
  kind: 'dif' | 'installer' | 'windows' | 'decision' | 'return' | 'outcome';
  title: string;
  detail: string;
  /** This installer can take the step (highlighted); false: greyed. */
  possible: boolean;
  /** A return the contract does not allow there. */
  wrong?: boolean;
  /** The code the step stands for. */
  range?: ProtocolRange;
}

export interface InstallerFlowEdge {
  from: string;
  to: string;
  label?: string;
  possible: boolean;
}

/** null: the document has no installer entry point. */
export type InstallerFlowResult = {
  entryPoint: string;
  title: string;
  incomplete: boolean;
  steps: InstallerFlowStep[];
  edges: InstallerFlowEdge[];
} | null;
