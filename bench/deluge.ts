/**
 * Deluge interpreter figures: parse and run time of the article's script against an in-memory
 * Bigin/Books imitation, and statements per second on a compute-only loop.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDeluge, runDeluge } from '../src/engine/deluge/index.ts';
import { FakeZoho, JANE, triggerRecord } from '../test/unit/deluge/fake-zoho.ts';

const seedPath = fileURLToPath(new URL('../../shared/reference/seed-sync-contact.dg', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
const ms = (x: number): string => `${x.toFixed(3)} ms`;

async function articleScript(): Promise<void> {
  if (!existsSync(seedPath)) {
    console.log('article script: skipped (seed-sync-contact.dg not found next to the project)');
    return;
  }
  const source = readFileSync(seedPath, 'utf8').replaceAll('XXXXXXX', '10234695');
  const parseTimes: number[] = [];
  const runTimes: number[] = [];
  const totalTimes: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const host = new FakeZoho({ bigin: { [JANE.id]: JANE } });
    const t0 = performance.now();
    const { program, errors } = parseDeluge(source);
    const t1 = performance.now();
    const r = await runDeluge(program, { host, args: { contact: triggerRecord(JANE) } });
    const t2 = performance.now();
    if (errors.length > 0 || !r.ok) throw new Error(`article script failed: ${JSON.stringify(errors[0] ?? r)}`);
    if (i >= 200) {
      parseTimes.push(t1 - t0);
      runTimes.push(t2 - t1);
      totalTimes.push(t2 - t0);
    }
  }
  console.log(`article script (${source.split('\n').length} lines), median of ${totalTimes.length} runs, in-memory host:`);
  console.log(`  parse          ${ms(median(parseTimes))}`);
  console.log(`  run            ${ms(median(runTimes))}`);
  console.log(`  parse + run    ${ms(median(totalTimes))}   (aim < 1 ms)`);
}

async function computeLoop(): Promise<void> {
  const source = [
    'total = 0;',
    'count = 0;',
    'for each a in outer',
    '{',
    '  for each b in inner',
    '  {',
    '    total = total + b * 2;',
    '    if (b % 7 == 0) { count = count + 1; }',
    '  }',
    '}',
    'return total + count;',
  ].join('\n');
  const outer = Array.from({ length: 500 }, (_, i) => i);
  const inner = Array.from({ length: 2000 }, (_, i) => i);
  const host = new FakeZoho();
  const limits = { maxStatements: 1e9, timeoutMs: 600_000 };
  const { program } = parseDeluge(source);
  await runDeluge(program, { host, args: { outer: outer.slice(0, 20), inner }, limits });
  const rates: number[] = [];
  let statements = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await runDeluge(program, { host, args: { outer, inner }, limits });
    const t = performance.now() - t0;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    statements = r.statements;
    rates.push(r.statements / (t / 1000));
  }
  const rate = median(rates);
  console.log(`compute-only loop: ${statements.toLocaleString('en-US')} statements per run, median of ${rates.length} runs`);
  console.log(`  ${(rate / 1e6).toFixed(1)} million statements/s   (aim ≥ 10 million/s)`);
  console.log(`  Zoho's 200,000-statement ceiling would take ${ms((200_000 / rate) * 1000)}`);
}

await articleScript();
await computeLoop();
