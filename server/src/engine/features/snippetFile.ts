/**
 * The static snippets of snippets/c.json (for editors without the language server's context): the same
 * code the completions write, with the WDK's parameter names. snippets/c.json is generated from here
 * (`node -e "process.stdout.write(require('./server/out/engine/features/snippetFile').cSnippetFileText())" > snippets/c.json`)
 * and a test keeps the two equal.
 */
import { KIND_LABEL } from '../catalogue';
import type { InstallerKind } from '../types';
import { entryPointSnippet, FINISHINSTALL_DIFS, handlerSnippet, WDK_NAMES } from './snippets';

export interface VsCodeSnippet {
  prefix: string[];
  body: string[];
  description: string;
}

const KINDS: InstallerKind[] = ['class-installer', 'co-installer'];
const SHORT: Record<InstallerKind, string> = { 'class-installer': 'class', 'co-installer': 'co' };

export function cSnippetFile(): Record<string, VsCodeSnippet> {
  const out: Record<string, VsCodeSnippet> = {};
  for (const kind of KINDS) {
    out[`Finish-install ${KIND_LABEL[kind]} entry point`] = {
      prefix: [`finishinstall-${kind}`, kind.replace('-', '')],
      body: entryPointSnippet(kind).split('\n'),
      description: `A ${KIND_LABEL[kind]} entry point handling ${FINISHINSTALL_DIFS.join(' and ')} as the finish-install contract says.`,
    };
  }
  for (const dif of FINISHINSTALL_DIFS) {
    for (const kind of KINDS) {
      out[`${dif} handler (${KIND_LABEL[kind]})`] = {
        prefix: [`case-${dif.toLowerCase()}-${SHORT[kind]}`, `${dif}-${SHORT[kind]}`],
        body: handlerSnippet(dif, { kind, names: WDK_NAMES[kind] }).split('\n'),
        description: `A ${dif} case for a ${KIND_LABEL[kind]}'s switch on its DI_FUNCTION parameter.`,
      };
    }
  }
  return out;
}

export function cSnippetFileText(): string {
  return JSON.stringify(cSnippetFile(), null, 2) + '\n';
}
