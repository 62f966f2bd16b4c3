/**
 * `npm run bench:bundle`: builds the app and prints the gzip size of the JavaScript the first screen
 * loads (entry chunk + its static imports), against a 150 KB budget. Lazy chunks are listed apart, then
 * the service worker's precache list (what an installed app downloads once to work offline).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const outDir = '.test-output/bench-bundle';
rmSync(outDir, { recursive: true, force: true });
execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'warn'], { stdio: 'inherit' });

const html = readFileSync(join(outDir, 'index.html'), 'utf8');
const firstScreen = new Set<string>();
for (const match of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)) firstScreen.add(match[1]!);

const gzipKb = (file: string) => gzipSync(readFileSync(join(outDir, file))).length / 1024;
const all = readdirSync(join(outDir, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);

let total = 0;
console.log('First screen JavaScript (gzip):');
for (const file of firstScreen) {
  const kb = gzipKb(file);
  total += kb;
  console.log(`  ${file.padEnd(48)} ${kb.toFixed(1).padStart(7)} KB`);
}
console.log(`  ${'total'.padEnd(48)} ${total.toFixed(1).padStart(7)} KB  (budget ${BUDGET_KB} KB, ${((total / BUDGET_KB) * 100).toFixed(0)} % used)`);
console.log('Loaded later, on demand (gzip):');
for (const file of all.filter((f) => !firstScreen.has(f)).sort()) console.log(`  ${file.padEnd(48)} ${gzipKb(file).toFixed(1).padStart(7)} KB`);

// Workbox writes the list into sw.js as `{url:"…",revision:…}` entries.
const precache = [...new Set([...readFileSync(join(outDir, 'sw.js'), 'utf8').matchAll(/\burl:\s*"([^"]+)"/g)].map((m) => m[1]!))];
if (!precache.includes('index.html')) throw new Error(`No precache list with index.html found in ${outDir}/sw.js`);
const rawKb = (file: string) => readFileSync(join(outDir, file)).length / 1024;
let precacheRaw = 0;
let precacheGzip = 0;
console.log(`Service worker precache (${precache.length} files; raw / gzip):`);
for (const file of precache.sort()) {
  const [raw, gzip] = [rawKb(file), gzipKb(file)];
  precacheRaw += raw;
  precacheGzip += gzip;
  console.log(`  ${file.padEnd(48)} ${raw.toFixed(1).padStart(7)} KB ${gzip.toFixed(1).padStart(7)} KB`);
}
console.log(`  ${'total'.padEnd(48)} ${precacheRaw.toFixed(1).padStart(7)} KB ${precacheGzip.toFixed(1).padStart(7)} KB`);
console.log('Service worker scripts, outside the precache (raw / gzip):');
for (const file of readdirSync(outDir)
  .filter((f) => f === 'sw.js' || /^workbox-[\w-]+\.js$/.test(f))
  .sort())
  console.log(`  ${file.padEnd(48)} ${rawKb(file).toFixed(1).padStart(7)} KB ${gzipKb(file).toFixed(1).padStart(7)} KB`);
if (total > BUDGET_KB) console.log(`OVER BUDGET by ${(total - BUDGET_KB).toFixed(1)} KB`);
