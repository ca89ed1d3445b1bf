/** SARIF output parsed and checked against the SARIF 2.1.0 schema (test/schemas), for the CLI tests. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { REPO_ROOT } from './fixtures';

const validateSarif = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  return ajv.compile(schema);
})();

export function parseValidSarifText(text: string): sarif.Log {
  const log = JSON.parse(text) as sarif.Log;
  const valid = validateSarif(log);
  assert.ok(valid, 'SARIF does not match the 2.1.0 schema:\n' + JSON.stringify(validateSarif.errors, null, 2));
  return log;
}
