// Prints the gzipped size of the built bundle (issue 14: at most 300 kB) and fails above it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import process from 'node:process';

const LIMIT = 300 * 1024;
let total = 0;
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|css|html)$/.test(f)) total += gzipSync(readFileSync(p)).length;
  }
};
walk('dist');
process.stdout.write(`fulcrum web-ui: bundle ${(total / 1024).toFixed(1)} kB gzipped (limit ${LIMIT / 1024} kB)\n`);
if (total > LIMIT) {
  process.stderr.write('fulcrum web-ui: the bundle is larger than its limit\n');
  process.exit(1);
}
