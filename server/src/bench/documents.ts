/**
 * The documents the engine and language-server rows measure: a generated installer with one defective
 * co-installer in the middle, and the one-character edits made inside that co-installer's handler.
 */
import { generateInstallerSource } from './generate';

export const DEFECT_NAME = 'BenchDefectCoInstaller';

/**
 * Returns ERROR_DI_DO_DEFAULT from its DIF_FINISHINSTALL_ACTION handler: every analysis has findings,
 * so a language server has diagnostics to publish (it publishes nothing for a file that never had any).
 */
const DEFECTIVE_COINSTALLER = `DWORD CALLBACK ${DEFECT_NAME}(DI_FUNCTION InstallFunction, HDEVINFO DeviceInfoSet,
    PSP_DEVINFO_DATA DeviceInfoData, PCOINSTALLER_CONTEXT_DATA Context)
{
    switch (InstallFunction) {
    case DIF_FINISHINSTALL_ACTION:
        return ERROR_DI_DO_DEFAULT;
    default:
        return NO_ERROR;
    }
}
`;

/** About `lines` lines; the same size (and seed) gives the same text. */
export function benchDocument(lines: number, seed = lines): string {
  const text = generateInstallerSource(lines, seed).text;
  // Between two generated entry points (each starts with its helper), so no entry point is cut.
  const middle = text.indexOf('\nstatic DWORD Helper', text.length >> 1);
  const at = middle < 0 ? text.length : middle + 1;
  return text.slice(0, at) + DEFECTIVE_COINSTALLER + '\n' + text.slice(at);
}

/**
 * `text` with one character changed inside the defective co-installer's handler: a typo in the code it
 * returns (ERROR_DI_DO_DEFAULT -> ERROR_DI_DO_DEFAULX). Undoing and redoing it changes the findings each
 * time, so a language server publishes after every edit (it says nothing when they do not change).
 */
export function oneCharacterEdit(text: string): string {
  const at = handlerReturnAt(text) + RETURNED.length - 2;
  return text.slice(0, at) + 'X' + text.slice(at + 1);
}

/**
 * `text` with a line break typed inside the same handler, before its return: an edit that changes the
 * length and moves every function below it down one line (the same-length edit moves nothing). The
 * finding at the return moves with it, so a language server publishes after every edit and its undo.
 */
export function lineBreakInsertion(text: string): string {
  const at = handlerReturnAt(text);
  return text.slice(0, at) + '\n' + text.slice(at);
}

const RETURNED = 'return ERROR_DI_DO_DEFAULT;';

function handlerReturnAt(text: string): number {
  const handler = text.indexOf(DEFECT_NAME);
  const at = handler < 0 ? -1 : text.indexOf(RETURNED, handler);
  if (at < 0) throw new Error(`the text has no ${DEFECT_NAME} returning ERROR_DI_DO_DEFAULT (make it with benchDocument)`);
  return at;
}
