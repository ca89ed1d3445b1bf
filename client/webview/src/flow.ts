/**
 * The flow view's page script: draws the installer flow the extension posts (finishInstall/installerFlow's
 * result) as SVG, laid out by dagre. Boxes with code behind them post `reveal` back to the extension.
 * Everything is built with DOM calls and styled by class from flow.css: the page's Content-Security-Policy
 * allows no inline style and no script but this bundle.
 */
import dagre from '@dagrejs/dagre';
import type { InstallerFlowResult, InstallerFlowStep } from '#protocol';
import type { FlowViewDom, FlowViewMessage, FlowViewReply } from '../../src/flowMessages';
import './flow.css';

declare function acquireVsCodeApi(): { postMessage(message: FlowViewReply): void };
const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const root = document.getElementById('flow')!;

const BOX_PADDING = 10;
const LINE_HEIGHT = 16;
const MAX_TITLE_CHARS = 34;
const MAX_DETAIL_CHARS = 44;
/** Long details are cut in the box (the whole text is the box's tooltip). */
const MAX_DETAIL_LINES = 3;

window.addEventListener('message', (event: MessageEvent<FlowViewMessage>) => {
  const message = event.data;
  if (message.type === 'flow') {
    const started = performance.now();
    render(message.flow);
    // The extension times "request to first paint": report once the browser has painted the new DOM.
    requestAnimationFrame(() => vscode.postMessage({ type: 'painted', renderMs: performance.now() - started, requestId: message.requestId }));
  } else if (message.type === 'click') {
    root.querySelector(`g.step[data-id="${CSS.escape(message.stepId)}"]`)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  } else if (message.type === 'describe') {
    vscode.postMessage({ type: 'dom', requestId: message.requestId, dom: describeDom() });
  }
});
vscode.postMessage({ type: 'ready' });

function render(flow: InstallerFlowResult): void {
  root.replaceChildren();
  if (!flow) {
    root.append(element('p', 'empty', 'No installer entry point in this file: the flow view shows class installers and co-installers.'));
    return;
  }
  root.append(element('h1', 'heading', `Installer flow: ${flow.title}`));
  if (flow.incomplete) root.append(element('p', 'note', 'The function is incomplete (still being typed, or too large to follow every path): some paths may be missing.'));
  const legend = element('div', 'legend');
  legend.append(element('span', 'possible', 'this installer can take it'), element('span', 'impossible', 'it cannot'), element('span', 'wrong', 'against the contract'));
  root.append(legend);
  root.append(drawGraph(flow));
}

function drawGraph(flow: NonNullable<InstallerFlowResult>): SVGSVGElement {
  const charWidth = measureCharWidth();
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 12, marginx: 4, marginy: 4 });
  graph.setDefaultEdgeLabel(() => ({}));
  const lines = new Map<string, { title: string[]; detail: string[] }>();
  for (const step of flow.steps) {
    const title = wrap(step.title, MAX_TITLE_CHARS);
    const detail = boxDetail(step);
    lines.set(step.id, { title, detail });
    const widest = Math.max(...title.map((l) => l.length), ...detail.map((l) => l.length));
    const width = Math.ceil(widest * charWidth) + 2 * BOX_PADDING;
    const height = (title.length + detail.length) * LINE_HEIGHT + 2 * BOX_PADDING;
    graph.setNode(step.id, step.kind === 'decision' ? { width: width + 40, height: height + 24 } : { width, height });
  }
  for (const edge of flow.edges) graph.setEdge(edge.from, edge.to, { label: edge.label, width: edge.label ? edge.label.length * charWidth : 0, height: edge.label ? LINE_HEIGHT : 0 });
  dagre.layout(graph);

  const size = graph.graph();
  const svg = svgElement('svg', { class: 'flow', width: String(Math.ceil(size.width ?? 0) + 8), height: String(Math.ceil(size.height ?? 0) + 8), role: 'img' }) as SVGSVGElement;
  svg.setAttribute('aria-label', `Installer flow of ${flow.title}`);
  svg.append(arrowMarkers());
  const edgeLayer = svgElement('g', { class: 'edges' });
  const stepLayer = svgElement('g', { class: 'steps' });
  svg.append(edgeLayer, stepLayer);

  for (const edge of flow.edges) {
    const laid = graph.edge(edge.from, edge.to);
    if (!laid?.points) continue;
    const state = edge.possible ? 'possible' : 'impossible';
    const group = svgElement('g', { class: `edge ${state}`, 'data-from': edge.from, 'data-to': edge.to });
    const d = laid.points.map((p: { x: number; y: number }, i: number) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    group.append(svgElement('path', { d, 'marker-end': `url(#arrow-${state})` }));
    if (edge.label && laid.x !== undefined && laid.y !== undefined) group.append(text(edge.label, laid.x, laid.y + 4, 'label', 'middle'));
    edgeLayer.append(group);
  }
  for (const step of flow.steps) {
    const laid = graph.node(step.id);
    stepLayer.append(drawStep(step, laid.x, laid.y, laid.width, laid.height, lines.get(step.id)!));
  }
  return svg;
}

function drawStep(step: InstallerFlowStep, cx: number, cy: number, width: number, height: number, lines: { title: string[]; detail: string[] }): SVGGElement {
  const classes = ['step', `kind-${step.kind}`, step.possible ? 'possible' : 'impossible'];
  if (step.wrong) classes.push('wrong');
  if (step.range) classes.push('linked');
  const group = svgElement('g', { class: classes.join(' '), 'data-id': step.id }) as SVGGElement;
  const x = cx - width / 2;
  const y = cy - height / 2;
  if (step.kind === 'decision') {
    group.append(svgElement('polygon', { points: `${cx},${y} ${x + width},${cy} ${cx},${y + height} ${x},${cy}` }));
  } else {
    const radius = step.kind === 'dif' ? 14 : step.kind === 'outcome' ? 8 : 3;
    group.append(svgElement('rect', { x: String(x), y: String(y), width: String(width), height: String(height), rx: String(radius) }));
  }
  const all = [...lines.title.map((l) => ({ l, cls: 'title' })), ...lines.detail.map((l) => ({ l, cls: 'detail' }))];
  const top = cy - (all.length * LINE_HEIGHT) / 2 + LINE_HEIGHT - 4;
  all.forEach(({ l, cls }, i) => group.append(text(l, cx, top + i * LINE_HEIGHT, cls, 'middle')));
  const tooltip = svgElement('title', {});
  tooltip.textContent = [step.title, step.detail, step.possible ? '' : '(this installer cannot take this step)', step.range ? `line ${step.range.start.line + 1}: click to go there` : ''].filter(Boolean).join('\n');
  group.prepend(tooltip);
  if (step.range) {
    const range = step.range;
    group.setAttribute('tabindex', '0');
    group.setAttribute('role', 'link');
    group.setAttribute('aria-label', `${step.title}, line ${range.start.line + 1}`);
    group.addEventListener('click', () => vscode.postMessage({ type: 'reveal', range }));
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') vscode.postMessage({ type: 'reveal', range });
    });
  }
  return group;
}

/**
 * The detail lines a box shows: what the installer's pass does and the flag decision (the boxes the
 * reader must read), cut to a few lines, and the line it links to. The rest is in the box's tooltip.
 */
function boxDetail(step: InstallerFlowStep): string[] {
  const shown = step.kind === 'installer' || step.kind === 'decision' ? wrap(step.detail, MAX_DETAIL_CHARS) : [];
  if (shown.length > MAX_DETAIL_LINES) {
    shown.length = MAX_DETAIL_LINES;
    shown[MAX_DETAIL_LINES - 1] += ' …';
  }
  if (step.range) shown.push(`→ line ${step.range.start.line + 1}`);
  return shown;
}

function wrap(textToWrap: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of textToWrap.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** The average width of a character in the diagram's font, measured once per render. */
function measureCharWidth(): number {
  const probe = svgElement('svg', { class: 'flow' });
  const sample = text('DIF_NEWDEVICEWIZARD_FINISHINSTALL returns a value', 0, 0, 'title', 'start') as SVGTextElement;
  probe.append(sample);
  document.body.append(probe);
  const measured = sample.getComputedTextLength() / (sample.textContent?.length ?? 1);
  probe.remove();
  return measured > 0 ? measured : 7.2;
}

function arrowMarkers(): SVGDefsElement {
  const defs = svgElement('defs', {}) as SVGDefsElement;
  for (const state of ['possible', 'impossible']) {
    const marker = svgElement('marker', { id: `arrow-${state}`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.append(svgElement('path', { d: 'M0,0 L10,5 L0,10 z' }));
    defs.append(marker);
  }
  return defs;
}

function text(content: string, x: number, y: number, cls: string, anchor: 'start' | 'middle'): SVGElement {
  const node = svgElement('text', { x: x.toFixed(1), y: y.toFixed(1), class: cls, 'text-anchor': anchor });
  node.textContent = content;
  return node;
}

function svgElement(name: string, attributes: Record<string, string>): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

function element(name: string, cls: string, content?: string): HTMLElement {
  const node = document.createElement(name);
  node.className = cls;
  if (content !== undefined) node.textContent = content;
  return node;
}

/** What the page shows, read back from its DOM (for the tests in real VS Code). */
function describeDom(): FlowViewDom {
  const steps = [...root.querySelectorAll<SVGGElement>('g.step')].map((g) => ({
    id: g.dataset.id ?? g.getAttribute('data-id') ?? '',
    classes: [...g.classList],
    text: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '),
  }));
  const edges = [...root.querySelectorAll<SVGGElement>('g.edge')].map((g) => ({ from: g.getAttribute('data-from') ?? '', to: g.getAttribute('data-to') ?? '', classes: [...g.classList] }));
  return { heading: root.querySelector('h1')?.textContent ?? root.textContent ?? '', steps, edges };
}
