// A bad .finish-install.json, written in the editor key by key and saved, is logged once in the output channel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { FinishInstallApi } from '../../extension';
import { OUTPUT_CHANNEL_NAME } from '#protocol';
import { diagnosticsWhen, eventually, open, typeKeys, workspaceFile } from './util';

suite('Configuration file', () => {
  test('a bad .finish-install.json is logged once', async () => {
    const api = await vscode.extensions.getExtension<FinishInstallApi>('finish-install-lint.finish-install-lint')!.activate();
    const log = vscode.Uri.joinPath(api.logUri, `${OUTPUT_CHANNEL_NAME}.log`).fsPath;
    const mentions = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('no-such-rule')).length : 0);
    // At the workspace folder's root: read again whenever a config file changes.
    const config = workspaceFile('.finish-install.json');
    fs.writeFileSync(config.fsPath, '');
    try {
      const editor = await open(config);
      await typeKeys('{"rules": {"no-such-rule": "error"', 20);
      // Whatever the editor closed for us, the file must read as written.
      const text = editor.document.getText();
      assert.match(text, /^\{"rules": \{"no-such-rule": "error"\}*$/);
      if (!text.endsWith('}}')) await typeKeys('}}'.slice(text.length - text.lastIndexOf('"') - 1), 20);
      await editor.document.save();
      await diagnosticsWhen(config, (ds) => ds.some((d) => d.message.includes('no-such-rule')));
      // A C file the config applies to, opened: the config is read for it, not logged again.
      await open(workspaceFile('src', 'NewCoInstaller.c'));
      await eventually('the log line', () => (mentions() > 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(mentions(), 1, fs.readFileSync(log, 'utf8'));
    } finally {
      fs.rmSync(config.fsPath, { force: true });
    }
  });
});
