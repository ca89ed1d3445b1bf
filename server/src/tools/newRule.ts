/**
 * `npm run new-rule -- c|inf <id>`: the scaffolding of a new rule, as clang-tidy's add_new_check.py does
 * it. Writes the rule file (a placeholder check that fires only on its own fixture), registers it in its
 * language's index, adds a fixture with a CHECK-MESSAGES line, then compiles and regenerates the rule
 * pages and the README's table. What is left to do is the checklist in ARCHITECTURE.md.
 *
 *   --root DIR   work in another checkout (the test runs it in a temporary copy)
 *   --dry-run    print what would be written, write nothing
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Language = 'c' | 'inf';

export interface NewRulePlan {
  /** Files to create (path relative to the root -> content). */
  create: Map<string, string>;
  /** Files to change (path relative to the root -> new content). */
  change: Map<string, string>;
}

const USAGE = 'usage: npm run new-rule -- c|inf <rule-id> [--root DIR] [--dry-run]';
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `flag-not-set` -> `flagNotSet` (the rule's export) and `FlagNotSet`. */
function camelCase(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
function pascalCase(id: string): string {
  const camel = camelCase(id);
  return camel[0].toUpperCase() + camel.slice(1);
}

/** What to write for a new rule, or an error message. Reads the root, writes nothing. */
export function planNewRule(root: string, language: Language, id: string): NewRulePlan | string {
  if (!ID_PATTERN.test(id)) return `the rule id "${id}" is not kebab-case (e.g. flag-not-set)`;
  if (language === 'inf' && !id.startsWith('inf-')) return `INF rule ids start with "inf-" (got "${id}")`;
  if (language === 'c' && id.startsWith('inf-')) return `"inf-" ids are for INF rules`;
  const rulesDir = path.join('server', 'src', 'engine', 'rules', language);
  const ruleFile = path.join(rulesDir, `${id}.ts`);
  const indexFile = path.join(rulesDir, 'index.ts');
  if (fs.existsSync(path.join(root, ruleFile))) return `${ruleFile} exists already`;
  if (fs.existsSync(path.join(root, 'docs', 'rules', `${id}.md`))) return `a rule "${id}" exists already (docs/rules/${id}.md)`;
  const exportName = camelCase(id);
  const example = `${pascalCase(id)}Example`;

  const index = fs.readFileSync(path.join(root, indexFile), 'utf8');
  const listEnd = index.lastIndexOf('\n];');
  if (listEnd < 0) return `${indexFile}: no rule list ending in "];" found`;
  // The import goes before the file's first one (after its header comment); the rule ends the list.
  const firstImport = index.indexOf('\nimport ') + 1;
  const withImport =
    index.slice(0, firstImport) + `import { ${exportName} } from './${id}';\n` + index.slice(firstImport, listEnd) + `\n  ${exportName},` + index.slice(listEnd);

  const create = new Map<string, string>();
  create.set(ruleFile, language === 'c' ? cRuleSource(id, exportName, example) : infRuleSource(id, exportName, example));
  const fixtureFolder = language === 'c' ? path.join('test', 'fixtures', 'c', id) : path.join('test', 'fixtures', 'inf', id.replace(/^inf-/, ''));
  create.set(path.join(fixtureFolder, language === 'c' ? `${id}.c` : `${id}.inf`), language === 'c' ? cFixture(id, example) : infFixture(id, example));
  return { create, change: new Map([[indexFile, withImport]]) };
}

function cRuleSource(id: string, exportName: string, example: string): string {
  return `import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';

// Written by \`npm run new-rule\`. Replace the placeholder check and docs; ARCHITECTURE.md has the checklist.
export const ${exportName}: RuleDefinition<CRuleContext> = {
  id: '${id}',
  language: 'c',
  defaultSeverity: 'warning',
  title: 'TODO: one line saying what ${id} reports',
  docs: {
    what: 'TODO: what the rule checks, in one or two sentences.',
    why: 'TODO: what Windows does when the contract is broken this way.',
    contractSection: 'TODO: the section of docs/finish-install-contract.md it rests on',
    wdk: [],
    bad: 'TODO: a short offending example',
    good: 'TODO: the same example, fixed',
  },
  check({ model }, report) {
    // Placeholder: reports the entry point its fixture defines, and nothing anywhere else.
    for (const ep of model.entryPoints) {
      if (ep.name !== '${example}') continue;
      report({ range: ep.nameRange, message: \`TODO: say what is wrong with \${ep.name}\` });
    }
  },
};
`;
}

function infRuleSource(id: string, exportName: string, example: string): string {
  return `import type { RuleDefinition } from '../rule';
import type { InfRuleContext } from './context';

// Written by \`npm run new-rule\`. Replace the placeholder check and docs; ARCHITECTURE.md has the checklist.
export const ${exportName}: RuleDefinition<InfRuleContext> = {
  id: '${id}',
  language: 'inf',
  defaultSeverity: 'warning',
  title: 'TODO: one line saying what ${id} reports',
  docs: {
    what: 'TODO: what the rule checks, in one or two sentences.',
    why: 'TODO: what Windows does when the INF is written this way.',
    contractSection: 'TODO: the section of docs/finish-install-contract.md it rests on',
    wdk: [],
    bad: 'TODO: a short offending INF excerpt',
    good: 'TODO: the same excerpt, fixed',
  },
  check({ inf }, report) {
    // Placeholder: reports the section its fixture defines, and nothing anywhere else.
    for (const section of inf.sections) {
      if (section.name !== '${example}') continue;
      report({ range: section.nameRange, message: \`TODO: say what is wrong with [\${section.name}]\` });
    }
  },
};
`;
}

function cFixture(id: string, example: string): string {
  return `// Fixture of ${id}, written by \`npm run new-rule\`: replace it with installer code in the shape of real
// code that the rule reports, and code it must leave alone.
#include <windows.h>
#include <setupapi.h>

DWORD CALLBACK
${example}(
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: TODO: say what is wrong with ${example} [${id}]
    DI_FUNCTION InstallFunction,
    HDEVINFO DeviceInfoSet,
    PSP_DEVINFO_DATA DeviceInfoData,
    PCOINSTALLER_CONTEXT_DATA Context
    )
{
    UNREFERENCED_PARAMETER(InstallFunction);
    UNREFERENCED_PARAMETER(DeviceInfoSet);
    UNREFERENCED_PARAMETER(DeviceInfoData);
    UNREFERENCED_PARAMETER(Context);
    return NO_ERROR;
}
`;
}

function infFixture(id: string, example: string): string {
  return `; Fixture of ${id}, written by \`npm run new-rule\`: replace it with an INF in the shape of a real
; package that the rule reports, and lines it must leave alone.

[Version]
Signature   = "$WINDOWS NT$"
Class       = Extension
ClassGuid   = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}
ExtensionId = {6c1f5a52-3d0e-4b6f-9a43-2d4a4f0e7b10}
Provider    = %Contoso%
CatalogFile = example.cat
DriverVer   = 05/01/2023,1.0.0.0
PnpLockdown = 1

[${example}]
; CHECK-MESSAGES: :[[@LINE-1]]:2: warning: TODO: say what is wrong with [${example}] [${id}]

[Strings]
Contoso = "Contoso"
`;
}

function run(root: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${result.status})`);
}

export function main(argv: string[]): number {
  const dryRun = argv.includes('--dry-run');
  const rootAt = argv.indexOf('--root');
  const root = path.resolve(rootAt >= 0 ? argv[rootAt + 1] ?? '' : path.join(__dirname, '..', '..', '..'));
  const positional = argv.filter((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1));
  const [language, id] = positional;
  if ((language !== 'c' && language !== 'inf') || !id || positional.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const plan = planNewRule(root, language, id);
  if (typeof plan === 'string') {
    console.error(`new-rule: ${plan}`);
    return 2;
  }
  for (const [rel, content] of [...plan.create, ...plan.change]) {
    console.log(`${plan.create.has(rel) ? 'create' : 'change'} ${rel}`);
    if (dryRun) continue;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  if (dryRun) return 0;
  // Compile with the new rule, then render its page, the index and the README's table from it.
  run(root, [require.resolve('typescript/bin/tsc'), '-b', 'server']);
  run(root, [path.join('server', 'out', 'tools', 'ruleDocs.js')]);
  console.log(`Next: write the check, its docs and a real fixture (ARCHITECTURE.md, "How to add ${language === 'c' ? 'a C' : 'an INF'} rule").`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
