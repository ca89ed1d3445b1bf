import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { Engine } from '../engine';
import { dialectOf } from '../engine/c/parser';
import { openPublicSubtreeCursor, usesDirectCursors } from '../engine/c/subtreeCursor';
import { copySubtree, type SyntaxNode } from '../engine/model/syntaxTree';
import { FIXTURES } from './support/fixtures';

/** Everything the model can read of a copied node, through SyntaxNode's API. */
function dump(node: SyntaxNode, fields: readonly (string | null)[]): unknown {
  const byField: Record<string, number[]> = {};
  for (const field of fields) {
    if (!field) continue;
    const children = node.childrenForFieldName(field);
    if (children.length) byField[field] = children.map((c) => c.startIndex);
  }
  return {
    type: node.type,
    range: [node.startIndex, node.endIndex, node.startPosition, node.endPosition],
    text: node.text,
    error: [node.hasError, node.isMissing],
    byField,
    children: node.namedChildren.map((c) => dump(c, fields)),
  };
}

const sources = (fs.readdirSync(path.join(FIXTURES, 'c'), { recursive: true }) as string[])
  .filter((name) => /\.(c|cpp|h)$/.test(name))
  .map((name) => ({ name, text: fs.readFileSync(path.join(FIXTURES, 'c', name), 'utf8') }));

test('copies made through the runtime directly equal copies made through the public API, also of broken code', async () => {
  const engine = await Engine.create();
  // Without this the comparison below would compare the public API with itself.
  assert.ok(usesDirectCursors(), 'the tree-sitter runtime exports what direct cursors call');
  assert.ok(sources.length >= 10);
  let functions = 0;
  let broken = 0;
  for (const { name, text } of sources) {
    // Whole, and cut in the middle of a function (ERROR and MISSING nodes, unterminated strings).
    for (const version of [text, text.slice(0, Math.floor(text.length * 0.6)), text.slice(0, Math.floor(text.length * 0.35)) + '"unterminated;\n']) {
      const parsed = engine.parse(version, dialectOf(name));
      try {
        const fields = parsed.tree.language.fields;
        for (const node of parsed.tree.rootNode.descendantsOfType(['function_definition', 'preproc_def']) as Node[]) {
          const direct = dump(copySubtree(node, parsed.prepared.text), fields);
          const viaPublicApi = dump(copySubtree(node, parsed.prepared.text, { open: openPublicSubtreeCursor }), fields);
          assert.deepEqual(direct, viaPublicApi, `${name}, ${version.length} characters, at ${node.startIndex}`);
          functions++;
          if (node.hasError) broken++;
        }
      } finally {
        parsed.tree.delete();
      }
    }
  }
  assert.ok(functions > 60 && broken > 5, `compared ${functions} copies, ${broken} of broken code`);
});

test('child and descendant shortcuts of a copied node agree with its lists', async () => {
  const engine = await Engine.create();
  const types = ['labeled_statement', 'call_expression', 'return_statement', 'identifier', 'compound_statement'];
  let nodes = 0;
  let withLabels = 0;
  for (const { name, text } of sources) {
    const parsed = engine.parse(text, dialectOf(name));
    try {
      for (const fn of parsed.tree.rootNode.descendantsOfType('function_definition') as Node[]) {
        const visit = (node: SyntaxNode): void => {
          nodes++;
          const children = node.namedChildren;
          const where = `${name} at ${node.startIndex} (${node.type})`;
          assert.equal(node.namedChildCount, children.length, where);
          assert.equal(node.firstNamedChild?.id, children[0]?.id, where);
          assert.equal(node.lastNamedChild?.id, children.at(-1)?.id, where);
          for (let i = -1; i <= children.length; i++) assert.equal(node.namedChild(i)?.id, children[i]?.id, `${where}, child ${i}`);
          for (const type of types) assert.equal(node.hasNamedDescendantOfType(type), node.descendantsOfType(type).length > 0, `${where}, ${type}`);
          if (node.type === 'function_definition' && node.hasNamedDescendantOfType('labeled_statement')) withLabels++;
          children.forEach(visit);
        };
        visit(copySubtree(fn, parsed.prepared.text));
      }
    } finally {
      parsed.tree.delete();
    }
  }
  assert.ok(nodes > 1500 && withLabels > 0, `checked ${nodes} nodes, ${withLabels} functions with labels`);
});
