import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import {
  connectViaCli,
  consent,
  runCli,
  runnerEnv,
  spawnRunner,
  tempDir,
  templateFileText,
  urlIn,
  waitFor,
  writeTemplate,
  type RunnerEnv,
} from './helpers.ts';
import { freePort } from '../../support/ports.ts';

let sandbox: RunningSandbox;
let sandboxUrl: string;
const dirs: { remove(): void }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: ':memory:' });
  sandboxUrl = `http://127.0.0.1:${sandbox.port}`;
});
afterAll(async () => {
  await sandbox.close();
  dirs.forEach((d) => d.remove());
});

async function freshEnv(): Promise<RunnerEnv & { dir: string }> {
  const t = tempDir();
  dirs.push(t);
  return { ...runnerEnv(join(t.dir, 'data'), await freePort(), sandboxUrl), dir: t.dir };
}

describe('npm run runner -- add', () => {
  it('adds the exported workflow and lists the link names it needs', async () => {
    const env = await freshEnv();
    const added = await runCli(['add', writeTemplate(env.dir)], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added workflow wf_file-[0-9a-f]{16} "Bigin → Books contact sync" \(active\)\./);
    expect(added.stdout).toMatch(/bigin\s+zoho_bigin\s+not connected\s+npm run runner -- connect bigin/);
    expect(added.stdout).toMatch(/books\s+zoho_books\s+not connected\s+npm run runner -- connect books/);
    const listed = await runCli(['workflows'], env);
    expect(listed.stdout).toMatch(/Bigin → Books contact sync\s+yes\s+bigin \(not connected\), books \(not connected\)/);
    const connections = await runCli(['connections'], env);
    expect(connections.stdout).toMatch(/bigin\s+Zoho Bigin\s+sandbox\s+not connected/);
  });

  it('refuses a file that is not a workflow, naming the path, with exit 1 and nothing added', async () => {
    const env = await freshEnv();
    const file = JSON.parse(templateFileText());
    file.edges[0].target = 'nowhere';
    const path = join(env.dir, 'broken.json');
    writeFileSync(path, JSON.stringify(file));
    const refused = await runCli(['add', path], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('edges[0]');
    writeFileSync(path, '{"format":"workflow/2"}');
    const wrongFormat = await runCli(['add', path], env);
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toMatch(/^Not a workflow\/1 file: format: /);
    const missing = await runCli(['add', join(env.dir, 'nope.json')], env);
    expect(missing.stderr.trim()).toBe(`Cannot read ${join(env.dir, 'nope.json')}: check the path to the exported workflow file.`);
    expect((await runCli(['workflows'], env)).stdout).toContain('No workflows yet');
  });

  it('says what is wrong with a command line', async () => {
    const env = await freshEnv();
    expect((await runCli(['frobnicate'], env)).stderr).toMatch(/^Unknown command "frobnicate"\./);
    expect((await runCli(['runs', '--limit', '0'], env)).stderr.trim()).toBe('--limit must be a whole number from 1 to 200.');
    expect((await runCli(['activate', 'wf_nothing0001'], env)).stderr.trim()).toMatch(/^The runner has no workflow "wf_nothing0001"/);
    expect((await runCli(['connect', 'stranger'], env)).stderr.trim()).toMatch(/^No workflow on the runner uses the link name "stranger"/);
  });
});

describe('npm run runner -- connect', () => {
  it('authorizes through the consent page and the loopback callback, with no server running', async () => {
    const env = await freshEnv();
    await runCli(['add', writeTemplate(env.dir)], env);
    const { finished, callback, page } = await connectViaCli(env, 'bigin');
    expect(callback.origin).toBe(`http://127.0.0.1:${env.RUNNER_PORT}`);
    expect(callback.pathname).toBe('/oauth/callback');
    expect(page).toContain('Connected — you can close this tab');
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('Connected "bigin".');
    const url = new URL(urlIn(finished.stdout) ?? '');
    expect(url.searchParams.get('client_id')).toBe('workflow-runner');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect((await runCli(['connections'], env)).stdout).toMatch(/bigin\s+Zoho Bigin\s+sandbox\s+connected/);
  });

  it('refuses an answer whose state it did not issue, and still takes the real one', async () => {
    const env = await freshEnv();
    await runCli(['add', writeTemplate(env.dir)], env);
    const command = spawnRunner(['connect', 'books'], env);
    const url = await waitFor('the authorization URL', () => urlIn(command.stdout()));
    const forged = await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/oauth/callback?code=1000.x.y&state=forged-state`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not belong to a connect waiting on this runner');
    expect(command.child.exitCode).toBeNull();
    const answered = await consent(url);
    expect(answered.status).toBe(200);
    const finished = await command.exited;
    expect(finished.code).toBe(0);
  });

  it('says access was denied when the person presses Deny', async () => {
    const env = await freshEnv();
    await runCli(['add', writeTemplate(env.dir)], env);
    const { finished, page } = await connectViaCli(env, 'bigin', 'deny');
    expect(page).toContain('Access was denied');
    expect(finished.code).toBe(1);
    expect(finished.stderr.trim()).toBe(
      'Access was denied on Zoho Bigin\'s consent page, so "bigin" was not connected. Run connect again and choose Accept.',
    );
    expect((await runCli(['connections'], env)).stdout).toMatch(/bigin\s+Zoho Bigin\s+sandbox\s+not connected\s+Access was denied/);
  });
});
