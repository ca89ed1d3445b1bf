/**
 * The static snippets of snippets/c.json (for editors without the language server's context): the whole
 * entry points the completions write at file level, with the WDK's parameter names. Only what fits
 * anywhere: a handler is written for one kind of installer, so only the server's completion, which knows
 * the kind, offers handlers (a class installer's handler pasted into a co-installer returns
 * ERROR_DI_DO_DEFAULT, the very bug the rules report). snippets/c.json is generated from here
 * (`node -e "process.stdout.write(require('./server/out/engine/features/snippetFile').cSnippetFileText())" > snippets/c.json`)
 * and a test keeps the two equal.
 */
import { KIND_LABEL } from '../catalogue';
import type { InstallerKind } from '../types';
import { entryPointSnippet, FINISHINSTALL_DIFS } from './snippets';

export interface VsCodeSnippet {
  prefix: string[];
  body: string[];
  description: string;
}

const KINDS: InstallerKind[] = ['class-installer', 'co-installer'];

export function cSnippetFile(): Record<string, VsCodeSnippet> {
  const out: Record<string, VsCodeSnippet> = {};
  for (const kind of KINDS) {
    out[`Finish-install ${KIND_LABEL[kind]} entry point`] = {
      prefix: [`finishinstall-${kind}`, kind.replace('-', '')],
      body: entryPointSnippet(kind).split('\n'),
      description: `A ${KIND_LABEL[kind]} entry point handling ${FINISHINSTALL_DIFS.join(' and ')} as the finish-install contract says.`,
    };
  }
  return out;
}

export function cSnippetFileText(): string {
  return JSON.stringify(cSnippetFile(), null, 2) + '\n';
}
