/** Writing test trees that git cannot hold (binary, UTF-16, odd names) into temporary folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `files` (path relative to `root` -> text or bytes) under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
