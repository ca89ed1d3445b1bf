/** The commands README.md shows, for the tests that run them (readme.test.ts, packaging/cliPackage.test.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** Shell command lines in the README's sh and yaml blocks (yaml: the `run:` or `bash:` value), comments dropped. */
export function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```(sh|yaml)\n([\s\S]*?)```/g)) {
    for (let line of block[2].split('\n')) {
      if (block[1] === 'yaml') {
        const run = /^\s*-?\s*(?:run|bash):\s*(.*)$/.exec(line);
        if (!run) continue;
        line = run[1];
      }
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command) out.push(command);
    }
  }
  return out;
}

/** `npx --yes finish-install-lint@1.2.3`: how the CI recipes run the published package, pinned. */
export const PINNED_NPX = /^npx --yes finish-install-lint@(\d+\.\d+\.\d+) /;

/** The CI recipes: README commands that run a pinned version of the published package. */
export function pinnedRecipeCommands(): Array<{ command: string; version: string }> {
  return readmeCommands().flatMap((command) => {
    const pinned = PINNED_NPX.exec(command);
    return pinned ? [{ command, version: pinned[1] }] : [];
  });
}

/** The Command of each MSBuild `<Exec>` in the README's xml blocks, XML entities decoded. */
export function readmeMsBuildCommands(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```xml\n([\s\S]*?)```/g)) {
    for (const exec of block[1].matchAll(/<Exec Command="([^"]*)"/g)) out.push(exec[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  return out;
}
