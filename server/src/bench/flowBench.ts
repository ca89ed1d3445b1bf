/**
 * The flow view's row: from the request to the data the webview draws, for the entry point in the middle
 * of a generated installer. In process, per run: analysis of the document from scratch (the view is
 * opened on a file the server has not analysed yet: the worst case), installerFlowAt, the JSON the
 * request sends, and the dagre layout the webview computes before it paints (same library, same
 * options). Not included: the LSP and postMessage hops and the browser's own paint of the SVG.
 */
// dagre is an ES module to TypeScript (its package is "type": "module"); Node loads its CommonJS build.
import type { default as Dagre } from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
import { installerFlowAt, type Engine, type InstallerFlow } from '../engine';
import { benchDocument, DEFECT_NAME } from './documents';
import { measure, sizeLabel } from './engineBench';
import type { BenchRow } from './results';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre: typeof Dagre = require('@dagrejs/dagre');

export function benchFlow(engine: Engine, options: { lines: number; repetitions: number }): BenchRow {
  const text = benchDocument(options.lines);
  const size = sizeLabel(options.lines);
  const docPath = `/bench/flow-${size}.c`;
  const lines = text.split('\n');
  const position = { line: lines.findIndex((l) => l.includes(DEFECT_NAME)) + 2, character: 4 };
  let steps = 0;
  const measured = measure(options.repetitions, () => {
    engine.forget(docPath);
    const flow = installerFlowAt(engine, { path: docPath, text }, position);
    if (!flow) throw new Error(`no installer flow at line ${position.line + 1} of the generated installer`);
    const sent = JSON.parse(JSON.stringify(flow)) as InstallerFlow;
    steps = layout(sent);
  });
  engine.forget(docPath);
  return {
    id: `flow.first-paint.${size}`,
    section: 'flow',
    label: `flow view data + layout, ${size} lines`,
    status: 'ok',
    input: { files: 1, lines: lines.length, bytes: Buffer.byteLength(text) },
    ...measured,
    note: `analysis from scratch + installerFlowAt + JSON round trip + dagre layout of ${steps} boxes; not the LSP/postMessage hops or the browser's paint`,
  };
}

/** The webview's layout (client/webview/src/flow.ts) with box sizes estimated as it does. */
function layout(flow: InstallerFlow): number {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 12, marginx: 4, marginy: 4 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of flow.steps) graph.setNode(step.id, { width: Math.min(step.title.length, 34) * 7 + 20, height: 52 });
  for (const edge of flow.edges) graph.setEdge(edge.from, edge.to, { label: edge.label, width: (edge.label?.length ?? 0) * 7, height: edge.label ? 16 : 0 });
  dagre.layout(graph);
  return flow.steps.length;
}
