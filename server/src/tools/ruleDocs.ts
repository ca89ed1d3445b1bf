/**
 * Renders docs/rules/<id>.md and the rule table from each rule's own metadata, so the pages cannot drift
 * from the code. `npm run docs` writes them; a test fails when a page differs or a rule has none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTRACT_DOC } from '../engine/catalogue';
import { ALL_RULES, ruleDocPath, type RuleDefinition } from '../engine';

const GENERATED_NOTE = '<!-- Generated from the rule\'s metadata by `npm run docs`; edit the rule\'s source file instead. -->';

function fence(rule: RuleDefinition<unknown>): string {
  return rule.language === 'inf' ? 'ini' : 'c';
}

function suppressionExample(rule: RuleDefinition<unknown>): string {
  const marker = rule.language === 'inf' ? ';' : '//';
  return [
    `- on one line: \`${marker} finish-install-disable-next-line ${rule.id}\` on the line before, or \`${marker} finish-install-disable-line ${rule.id}\` at the end of the line;`,
    `- in a whole file: \`${marker} finish-install-disable-file ${rule.id}\`;`,
    `- everywhere: \`{"rules": {"${rule.id}": "off"}}\` in \`.finish-install.json\` at the folder's root, or the \`finishInstall.rules\` setting in VS Code.`,
  ].join('\n');
}

export function renderRuleDoc(rule: RuleDefinition<unknown>): string {
  const d = rule.docs;
  const lines = [
    GENERATED_NOTE,
    `# ${rule.id}`,
    '',
    `**${rule.title}.** Default severity: **${rule.defaultSeverity}**. Applies to ${rule.language === 'inf' ? 'INF files' : rule.language === 'c' ? 'C and C++ installer sources' : 'every analysed file'}.`,
    '',
    '## What it checks',
    '',
    d.what,
    '',
    '## Why it matters',
    '',
    d.why,
    '',
    `Contract: [${CONTRACT_DOC}](../finish-install-contract.md), section "${d.contractSection}".` +
      (d.wdk.length ? ` WDK: ${d.wdk.map((w) => `"${w}"`).join(', ')}.` : ''),
    '',
    '## Bad',
    '',
    '```' + fence(rule),
    d.bad,
    '```',
    '',
    '## Good',
    '',
    '```' + fence(rule),
    d.good,
    '```',
    '',
  ];
  if (d.quickFix) lines.push('## Quick fix', '', d.quickFix, '');
  lines.push('## Suppressing it', '', suppressionExample(rule), '');
  return lines.join('\n');
}

export function renderRuleIndex(): string {
  const rows = ALL_RULES.map((r) => `| [${r.id}](${r.id}.md) | ${r.language === 'any' ? 'any' : r.language === 'c' ? 'C/C++' : 'INF'} | ${r.defaultSeverity} | ${r.title} |`);
  return [GENERATED_NOTE, '# Rules', '', '| id | files | default severity | what it reports |', '|---|---|---|---|', ...rows, ''].join('\n');
}

/** Every generated file: path relative to the repository root -> content. */
export function generatedDocs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of ALL_RULES) out.set(ruleDocPath(rule.id), renderRuleDoc(rule));
  out.set('docs/rules/README.md', renderRuleIndex());
  return out;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..', '..');
  const dir = path.join(root, 'docs', 'rules');
  fs.mkdirSync(dir, { recursive: true });
  const wanted = generatedDocs();
  for (const file of fs.readdirSync(dir)) {
    if (!wanted.has(`docs/rules/${file}`)) fs.rmSync(path.join(dir, file));
  }
  for (const [rel, content] of wanted) fs.writeFileSync(path.join(root, rel), content);
  console.log(`wrote ${wanted.size} files to docs/rules/`);
}
