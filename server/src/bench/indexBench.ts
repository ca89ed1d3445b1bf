/**
 * The project index (issue 18, item 2: helpers in other files) on a driver-samples-sized tree: about
 * 2,400 C and INF files, 45 MB, one C file in ten an installer. Rows: the language server's background
 * scan of it as a workspace (spawn with the folder -> its "Indexed" log line; peak RSS), the re-index of
 * one changed file (in this process, as the server does on a watched-file change), and the CLI on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from '../engine';
import { EntryPointIndex } from '../lsp/entryPointIndex';
import { benchCliVariants, writeTree, type GeneratedTree } from './cliBench';
import { LspClient, SERVER_SCRIPT } from './lspBench';
import { megabytesPerSecond, round, summarize, type BenchRow } from './results';

export interface DriverTreeOptions {
  workDir: string;
  /** C files (the tree adds one INF per folder of 50). */
  files: number;
  minLines: number;
  maxLines: number;
  repetitions: number;
  serverScript?: string;
}

/** The C files of writeTree plus an INF per folder that registers a co-installer of the folder. */
export function writeDriverTree(root: string, files: number, minLines: number, maxLines: number): GeneratedTree & { infs: number } {
  const tree = writeTree(root, files, 10, minLines, maxLines);
  let infs = 0;
  for (const folder of fs.readdirSync(root)) {
    const inf = `[Version]\nSignature="$WINDOWS NT$"\nClass=USB\n\n[Install.NT.CoInstallers]\nAddReg=CoInstaller_AddReg\n\n[CoInstaller_AddReg]\nHKR,,CoInstallers32,0x00010000,"${folder}.dll,CoInstaller1"\n`;
    fs.writeFileSync(path.join(root, folder, `${folder}.inf`), inf);
    tree.bytes += Buffer.byteLength(inf);
    infs++;
  }
  return { ...tree, infs };
}

export async function benchDriverTree(options: DriverTreeOptions): Promise<BenchRow[]> {
  const tree = writeDriverTree(path.join(options.workDir, 'driver-tree'), options.files, options.minLines, options.maxLines);
  const input = { files: tree.files + tree.infs, lines: tree.lines, bytes: tree.bytes };
  // An engine of its own, as the server's is: the shared one holds the 100k-line documents of the engine rows.
  const rows = [await benchServerScan(tree, input, options), await benchOneFileReindex(await Engine.create(), tree, input)];
  const [cli] = await benchCliVariants(tree, [{ id: 'cli.driver-tree', label: `CLI ${input.files} files, 45 MB-sized driver tree`, cliArguments: [] }], options.repetitions);
  rows.push(cli);
  return rows;
}

/** Spawn the server on the tree as its workspace; the scan's own time (from its log) and the server's peak RSS. */
async function benchServerScan(tree: GeneratedTree, input: BenchRow['input'], options: DriverTreeOptions): Promise<BenchRow> {
  const row: BenchRow = { id: 'index.driver-tree', section: 'index', label: `LSP background index of ${input!.files} files`, status: 'ok', input };
  const serverScript = options.serverScript ?? SERVER_SCRIPT;
  if (!fs.existsSync(serverScript)) return { ...row, status: 'skipped', note: `the language server is not built: ${serverScript} is missing` };
  const samples: number[] = [];
  let peakRssMB = 0;
  let threads = 'one thread';
  for (let i = 0; i < Math.min(2, options.repetitions); i++) {
    let client: LspClient | undefined;
    try {
      client = await LspClient.start(serverScript, tree.root);
      const line = await client.log(/Indexed .* in (\d+) ms/);
      samples.push(Number(/in (\d+) ms/.exec(line)![1]));
      if (line.includes('on two threads')) threads = 'two threads';
      peakRssMB = Math.max(peakRssMB, client.memory()?.peakRssMB ?? 0);
    } catch (error) {
      return { ...row, status: 'failed', note: error instanceof Error ? error.message : String(error) };
    } finally {
      await client?.stop();
    }
  }
  row.time = summarize(samples);
  row.mbPerSecond = megabytesPerSecond(input!.bytes, row.time.medianMs);
  if (peakRssMB) row.peakRssMB = peakRssMB;
  row.note = `the scan's own time (its log line), on ${threads}: every file read, installers analysed (function names are read when an analysis asks); diagnostics of open files are not held up (it yields between files)`;
  return row;
}

/** In this process: the tree scanned once, then one installer file changed on disk and re-indexed, as on a watched-file change. */
async function benchOneFileReindex(engine: Engine, tree: GeneratedTree, input: BenchRow['input']): Promise<BenchRow> {
  const row: BenchRow = { id: 'index.one-file', section: 'index', label: 'LSP re-index of one changed file', status: 'ok', input };
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const index = new EntryPointIndex(Promise.resolve(engine), silent as never);
  await index.scan([tree.root]);
  const file = tree.installers[Math.floor(tree.installers.length / 2)];
  const original = fs.readFileSync(file, 'utf8');
  const samples: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      fs.writeFileSync(file, i % 2 ? original : original.replace('ERROR_DI_DO_DEFAULT', 'ERROR_DI_DO_DEFAULX'));
      const started = performance.now();
      await index.fileChanged(pathToFileURL(file).href);
      samples.push(performance.now() - started);
    }
  } finally {
    fs.writeFileSync(file, original);
  }
  row.time = summarize(samples);
  row.note = `one installer file of ${round(Buffer.byteLength(original) / 1024)} KB: read, entry points analysed again (its function names are read when an analysis next asks)`;
  return row;
}
