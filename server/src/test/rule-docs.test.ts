import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../engine';
import { generatedDocs, readmeWithRuleTable } from '../tools/ruleDocs';
import { REPO_ROOT } from './support/fixtures';

test('every rule has a page in docs/rules, up to date with its metadata (run `npm run docs`)', () => {
  for (const [rel, content] of generatedDocs()) {
    const file = path.join(REPO_ROOT, rel);
    assert.ok(fs.existsSync(file), `${rel} is missing`);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${rel} is out of date`);
  }
});

test('every page in docs/rules belongs to a rule', () => {
  const ids = new Set(ALL_RULES.map((r) => r.id));
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules'))) {
    if (file === 'README.md') continue;
    assert.ok(ids.has(file.replace(/\.md$/, '')), `docs/rules/${file} documents no rule`);
  }
});

test('every rule documents a bad and a good example and the contract section it rests on', () => {
  for (const rule of ALL_RULES) {
    assert.ok(rule.docs.bad.trim() && rule.docs.good.trim(), `${rule.id}: bad and good examples`);
    assert.notEqual(rule.docs.bad, rule.docs.good, `${rule.id}: the good example differs from the bad one`);
    assert.ok(rule.docs.contractSection.trim(), `${rule.id}: contract section`);
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${rule.id}: ids are kebab-case`);
  }
});

test('the README\'s rule table is the one the rules\' metadata renders (run `npm run docs`)', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithRuleTable(readme));
});
