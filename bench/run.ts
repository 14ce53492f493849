import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// `npm run bench`: runs every bench/*.bench.ts in turn (or those named: npm run bench -- ssh).
const filter = process.argv.slice(2);
const benches = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filter.length === 0 || filter.some((name) => file.includes(name)));
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
