/**
 * Seeds for the fuzzer: the repository's realistic inputs (C/C++ and INF fixtures, the examples), read
 * once. Mutations start from these so that most fuzzed inputs are "almost an installer" and reach the
 * model and the rules, not just the parser's error recovery.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentLanguage } from '../engine';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Seed {
  /** Repository-relative path, for messages and to pick the language. */
  name: string;
  language: DocumentLanguage;
  text: string;
}

const SEED_FOLDERS = ['test/fixtures/c', 'test/fixtures/inf', 'test/fixtures/inf-crossfile', 'test/fixtures/editor', 'examples'];
const LANGUAGE_BY_EXTENSION: Record<string, DocumentLanguage> = {
  '.c': 'c',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.cxx': 'cpp',
  '.h': 'cpp',
  '.hpp': 'cpp',
  '.inf': 'inf',
  '.inx': 'inf',
};

let cached: Seed[] | undefined;

/** Every seed file, sorted by name so that a fuzz seed always picks the same file. */
export function loadSeeds(): Seed[] {
  if (cached) return cached;
  const out: Seed[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const language = LANGUAGE_BY_EXTENSION[path.extname(entry.name).toLowerCase()];
        if (language) out.push({ name: path.relative(REPO_ROOT, full).split(path.sep).join('/'), language, text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  for (const folder of SEED_FOLDERS) walk(path.join(REPO_ROOT, folder));
  cached = out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (cached.length === 0) throw new Error(`no fuzz seeds found under ${REPO_ROOT}`);
  return cached;
}

export function seedsOf(languages: ReadonlyArray<DocumentLanguage>): Seed[] {
  return loadSeeds().filter((s) => languages.includes(s.language));
}
