/**
 * The workspace's functions by name (engine/project/functionIndex.ts), for following a C/C++ document's
 * calls into helpers defined in the other sources of its DLL or folder. Read lazily: a file's names when
 * an analysis first asks about its DLL or folder (the workspace scan does not wait for them); an open
 * document is read again when next asked after a change, and so is a file changed on disk.
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { helperSourcesOf, languageOf, ProjectFunctionIndex, type DocumentLanguage, type HelperLookup, type ProjectEvidence } from '../engine';
import { readProjectFile } from '../shared/projectFiles';
import { pathToUri } from './uris';

export class WorkspaceFunctions {
  private readonly index: ProjectFunctionIndex;

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    this.index = new ProjectFunctionIndex((file) => this.read(file));
  }

  /** The file's current text: the open document's, else the disk's. */
  private read(file: string): string | undefined {
    const open = this.documents.get(pathToUri(file));
    if (open) return open.getText();
    return readProjectFile(file);
  }

  /**
   * The file's open document was edited: its names are read from the document again when an analysis of
   * another file asks (its own analyses never do). Scanning a 100k-line document at every keystroke took
   * longer than re-analysing it.
   */
  documentChanged(file: string): void {
    this.index.forget(file);
  }

  /** The file changed on disk or was deleted (or its document was closed): read again when asked. */
  fileChanged(file: string): void {
    this.index.forget(file);
  }

  /** What an analysis of `file` may follow calls into; undefined until the workspace was scanned. */
  lookupFor(project: ProjectEvidence | undefined, file: string): { lookup: HelperLookup; languages: Set<DocumentLanguage> } | undefined {
    if (!project) return undefined;
    const candidates = helperSourcesOf(project, file);
    if (!candidates.length) return undefined;
    // The dialects of the candidates: the engine parses a helper file only with its grammar loaded.
    const languages = new Set(candidates.map((candidate) => languageOf({ path: candidate, text: '' })));
    return { lookup: this.index.lookupFor(candidates), languages };
  }
}
