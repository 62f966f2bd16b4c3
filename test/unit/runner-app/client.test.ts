import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetRunner, pairRunner, resetRunnerPairingCache, runnerRequest, runnerStatus, runnerUrlProblem } from '../../../src/auth/runner.ts';
import { database } from '../../../src/storage/index.ts';
import { listRunnerRuns, listRunnerWorkflows } from '../../../src/app/pairedRunner/api.ts';
import { AppError } from '../../../src/domain/index.ts';
import { freshStores } from '../auth/fixtures.ts';
import { HEALTH, pairing, requireToken, startFakeRunner, type FakeRunner } from './runnerServer.ts';

const TOKEN = 'rtok_PLANTED_9f8e7d6c5b4a3210fedcba';
let runner: FakeRunner;

beforeAll(async () => {
  runner = await startFakeRunner();
});
afterAll(() => runner.close());
beforeEach(() => {
  freshStores();
  resetRunnerPairingCache();
  runner.seen.length = 0;
  runner.handlers.length = 0;
  runner.handlers.push(HEALTH, pairing(TOKEN), requireToken(TOKEN));
});

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('runnerUrlProblem', () => {
  it('takes the runner on loopback, by address or by name', () => {
    expect(runnerUrlProblem('http://127.0.0.1:4030')).toBeNull();
    expect(runnerUrlProblem('http://localhost:4030/')).toBeNull();
    expect(runnerUrlProblem('http://[::1]:4030')).toBeNull();
  });

  it.each([
    ['http://example.com:4030', /only on this machine/],
    ['https://127.0.0.1:4030', /only on this machine/],
    ['http://192.168.1.10:4030', /only on this machine/],
    ['http://127.0.0.1:4030/workflows', /only the runner's address/],
    ['127.0.0.1:4030', /only on this machine|runner's address/],
    ['not a url', /runner's address/],
  ])('refuses %s with words that say what to enter', (value, words) => {
    expect(runnerUrlProblem(value)).toMatch(words);
  });
});

describe('pairing', () => {
  it('trades the code for a token kept only in the vault, and reports the runner reachable', async () => {
    const status = await pairRunner(runner.url, 'good-code-123');
    expect(status).toEqual({ paired: true, url: runner.url, reachable: true, version: '0.1.0', mode: 'embedded', runnerKnowsUs: true });
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    const rows = await database().vault.toArray();
    expect(rows.map((r) => r.id)).toContain('runner:pairing');
    expect(rows.map((r) => new TextDecoder().decode(r.ciphertext)).join('')).not.toContain('PLANTED');
    expect(runner.seen.find((s) => s.path === '/workflows')?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('says a refused code is wrong and how to print a new one, storing nothing', async () => {
    const error = await caught(pairRunner(runner.url, 'wrong-code-456'));
    expect(error.code).toBe('RUNNER_NOT_PAIRED');
    expect(error.message).toContain('npm run runner -- pair');
    expect((await runnerStatus()).paired).toBe(false);
  });

  it('checks the address before sending the code anywhere', async () => {
    const error = await caught(pairRunner('http://example.com:4030', 'good-code-123'));
    expect(error.code).toBe('VALIDATION');
    expect(runner.seen).toEqual([]);
  });

  it('forgets the pairing here when the runner is away, saying the runner was not told', async () => {
    const away = await startFakeRunner();
    away.handlers.push(HEALTH, pairing(TOKEN));
    await pairRunner(away.url, 'good-code-123');
    await away.close();
    expect(await forgetRunner()).toMatchObject({ status: { paired: false }, revoked: false });
  });

  it('counts a pairing the runner had already ended (401) as ended there', async () => {
    const ended = await startFakeRunner();
    ended.handlers.push(HEALTH, pairing('a-token-the-runner-no-longer-knows'));
    ended.handlers.unshift((s) =>
      s.method === 'DELETE' ? { status: 401, body: { error: { code: 'RUNNER_UNPAIRED', message: 'pair first' } } } : undefined,
    );
    await pairRunner(ended.url, 'good-code-123');
    expect(await forgetRunner()).toMatchObject({ status: { paired: false }, revoked: true });
    await ended.close();
  });

  it('says a stopped runner did not answer and how to start it', async () => {
    const stopped = await startFakeRunner();
    await stopped.close();
    const error = await caught(pairRunner(stopped.url, 'good-code-123'));
    expect(error.code).toBe('RUNNER_UNREACHABLE');
    expect(error.message).toBe(`The runner at ${stopped.url} did not answer. Start it with "npm run runner" in the project folder, then try again.`);
  });

  it('forgets the pairing here and on the runner: later requests say no runner is paired', async () => {
    await pairRunner(runner.url, 'good-code-123');
    runner.seen.length = 0;
    const forgotten = await forgetRunner();
    expect(forgotten).toMatchObject({ status: { paired: false }, revoked: true });
    expect(runner.seen.find((s) => s.method === 'DELETE')).toMatchObject({ path: '/pair', authorization: `Bearer ${TOKEN}` });
    const error = await caught(runnerRequest('/workflows'));
    expect(error.code).toBe('RUNNER_NOT_PAIRED');
    expect(error.details).toEqual({ pairing: 'none' });
  });
});

describe('requests with the pairing token', () => {
  beforeEach(async () => {
    await pairRunner(runner.url, 'good-code-123');
    runner.seen.length = 0;
  });

  it('maps a token the runner no longer knows to RUNNER_NOT_PAIRED with the way to pair again', async () => {
    runner.handlers.unshift((s) =>
      s.path === '/workflows' ? { status: 401, body: { error: { code: 'RUNNER_UNPAIRED', message: 'unknown token' } } } : undefined,
    );
    const error = await caught(listRunnerWorkflows());
    expect(error.code).toBe('RUNNER_NOT_PAIRED');
    expect(error.message).toContain('Settings → Runner');
    expect((await runnerStatus()).runnerKnowsUs).toBe(false);
  });

  it('never repeats the token, even when the runner echoes it in an error', async () => {
    runner.handlers.unshift((s) =>
      s.method === 'POST' && s.path === '/workflows'
        ? { status: 400, body: { error: { code: 'RUNNER_BAD_WORKFLOW', message: `nodes[0] is not a trigger (token ${TOKEN})` } } }
        : undefined,
    );
    const error = await caught(runnerRequest('/workflows', { method: 'POST', body: { file: {} } }));
    expect(error.code).toBe('RUNNER_BAD_WORKFLOW');
    expect(error.message).toContain('nodes[0] is not a trigger');
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error.toInfo())).not.toContain('PLANTED');
  });

  it('names an unknown refusal by its code and points to the runner output', async () => {
    runner.handlers.unshift((s) =>
      s.path === '/runs' ? { status: 503, body: { error: { code: 'RUNNER_BUSY<script>', message: 'busy' } } } : undefined,
    );
    const error = await caught(listRunnerRuns());
    expect(error.code).toBe('RUNNER_REFUSED');
    expect(error.message).toBe(`The runner at ${runner.url} refused the request (RUNNER_BUSY): busy. Check the runner's output for details.`);
  });

  it('says which address to use when the runner refuses the Host it was called by', async () => {
    await pairRunner(runner.url, 'good-code-123');
    runner.handlers.unshift((s) =>
      s.path === '/runs' ? { status: 421, body: { error: { code: 'RUNNER_HOST_REFUSED', message: 'host' } } } : undefined,
    );
    const error = await caught(listRunnerRuns());
    expect(error.code).toBe('RUNNER_REFUSED');
    expect(error.message).toContain('use http://127.0.0.1 or http://localhost with its port');
  });

  it('words answers that are not JSON instead of failing on them: a refusal, a body, a health check', async () => {
    await pairRunner(runner.url, 'good-code-123');
    runner.handlers.unshift((s) => (s.path === '/runs' ? { status: 502, raw: '<html>Bad gateway</html>' } : undefined));
    expect((await caught(listRunnerRuns())).code).toBe('RUNNER_REFUSED');
    runner.handlers.unshift((s) => (s.path === '/workflows' ? { status: 200, raw: 'hello' } : undefined));
    const notJson = await caught(runnerRequest('/workflows'));
    expect(notJson.code).toBe('RUNNER_REFUSED');
    expect(notJson.message).toContain('not JSON');
    runner.handlers.unshift((s) => (s.path === '/health' ? { status: 200, raw: 'up' } : undefined));
    expect(await runnerStatus()).toMatchObject({ paired: true, reachable: false });
  });

  it('says a run the runner does not have is not found', async () => {
    const error = await caught(runnerRequest('/runs/run_missing1'));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('parses runs as the domain Run and sends the filters as query parameters', async () => {
    const run = {
      id: 'run_r1r1r1r1',
      workflowId: 'wf_w1w1w1w1',
      workflowName: 'Sync',
      workflowRevision: 3,
      module: 'Contacts',
      event: 'create',
      record: { id: '1' },
      mode: 'live',
      dryRun: false,
      status: 'succeeded',
      startedAt: 1000,
    };
    runner.handlers.unshift((s) => (s.path.startsWith('/runs?') ? { status: 200, body: { runs: [run] } } : undefined));
    const runs = await listRunnerRuns({ workflowId: 'wf_w1w1w1w1', status: 'succeeded', limit: 20 });
    expect(runs[0]).toMatchObject({ id: 'run_r1r1r1r1', status: 'succeeded', finishedAt: null, nodeResults: {} });
    expect(runner.seen.at(-1)?.path).toBe('/runs?workflowId=wf_w1w1w1w1&status=succeeded&limit=20');
  });

  it('refuses an answer of the wrong shape with RUNNER_REFUSED instead of showing half a list', async () => {
    runner.handlers.unshift((s) => (s.path === '/workflows' ? { status: 200, body: { workflows: [{ id: 'x' }] } } : undefined));
    const error = await caught(listRunnerWorkflows());
    expect(error.code).toBe('RUNNER_REFUSED');
    expect(error.message).toContain('not understood');
  });
});
