/** `npm run golden:update`: rewrites test/golden/snapshot.json from the current engine (review its diff). */
import * as fs from 'node:fs';
import { collectGoldenSnapshot, GOLDEN_FILE } from './golden';

void collectGoldenSnapshot().then((snapshot) => {
  fs.writeFileSync(GOLDEN_FILE, `${JSON.stringify(snapshot, null, 1)}\n`);
  const findings = Object.values(snapshot.runs).reduce((n, r) => n + r.findings.length, 0);
  const hovers = Object.values(snapshot.hovers).reduce((n, h) => n + h.length, 0);
  console.log(`wrote ${GOLDEN_FILE}: ${Object.keys(snapshot.runs).length} runs, ${findings} findings, ${hovers} hovers`);
});
