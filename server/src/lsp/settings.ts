/**
 * The `finishInstall.*` settings of a document, read through workspace/configuration (scoped to the
 * document, so folder and language overrides apply) and re-read after didChangeConfiguration.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_MAX_FILE_SIZE_KB, parseConfig, RULE_IDS, type LintConfig } from '../engine';
import { SETTINGS_SECTION, type FinishInstallSettings } from '#protocol';
import type { Log } from './log';

export interface DocumentSettings {
  enable: boolean;
  /** `finishInstall.rules` and `finishInstall.defines`, validated. */
  rules: LintConfig;
  maxFileSizeKB: number;
  /** `finishInstall.codeLens.enable`. */
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: DocumentSettings = { enable: true, rules: { rules: {} }, maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB, codeLens: true };

export class SettingsStore {
  private readonly byUri = new Map<string, Promise<DocumentSettings>>();
  /** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: FinishInstallSettings | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    private readonly log: Log,
  ) {}

  forDocument(uri: string): Promise<DocumentSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.read(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** didChangeConfiguration: forget everything read so far. */
  changed(pushedSettings: unknown): void {
    this.byUri.clear();
    this.reported.clear();
    const section = (pushedSettings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    this.pushed = typeof section === 'object' && section !== null ? (section as FinishInstallSettings) : undefined;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private async read(uri: string): Promise<DocumentSettings> {
    let raw: FinishInstallSettings | undefined = this.pushed;
    if (this.canPull) {
      try {
        raw = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) as FinishInstallSettings | undefined;
      } catch (error) {
        this.log.warn(`Could not read the ${SETTINGS_SECTION} settings: ${String(error)}; using defaults.`);
      }
    }
    return this.validate(raw ?? {});
  }

  private validate(raw: FinishInstallSettings): DocumentSettings {
    const enable = typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable;
    const maxFileSizeKB = typeof raw.maxFileSizeKB === 'number' && raw.maxFileSizeKB > 0 ? raw.maxFileSizeKB : DEFAULT_SETTINGS.maxFileSizeKB;
    // Validated as .finish-install.json is; unlike a file's, a setting's bad entries are logged and
    // ignored while the rest apply (VS Code's settings editor already offers only valid severities).
    const { config, problems } = parseConfig(JSON.stringify({ rules: raw.rules ?? {}, defines: raw.defines ?? {} }), RULE_IDS);
    for (const problem of problems) {
      const message = `Setting ${SETTINGS_SECTION}.${problem.message.startsWith('"defines"') ? 'defines' : 'rules'}: ${problem.message} (ignored).`;
      if (this.reported.has(message)) continue;
      this.reported.add(message);
      this.log.warn(message);
    }
    const codeLens = typeof raw.codeLens?.enable === 'boolean' ? raw.codeLens.enable : DEFAULT_SETTINGS.codeLens;
    return { enable, rules: config, maxFileSizeKB, codeLens };
  }
}
