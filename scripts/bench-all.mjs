import { spawnSync } from 'node:child_process';

/** `npm run bench`: every benchmark in turn; each prints its own figures and ratios. */
const benches = ['bench:bundle', 'bench:deluge', 'bench:engine-core', 'bench:sandbox', 'bench:engine', 'bench:canvas', 'bench:relay'];
const failed = [];
for (const name of benches) {
  console.log(`\n━━ npm run ${name} ━━`);
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(name);
}
if (failed.length) {
  console.log(`\nThese benchmarks did not finish: ${failed.join(', ')}`);
  process.exit(1);
}
