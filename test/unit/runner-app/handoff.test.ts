import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pairRunner, resetRunnerPairingCache } from '../../../src/auth/runner.ts';
import { sendWorkflow, stopOnRunner } from '../../../src/app/pairedRunner/handoff.ts';
import { runnerFeed } from '../../../src/app/pairedRunner/feed.ts';
import { workflowFileOf } from '../../../src/app/facades/workflows.ts';
import { AppError, pendingEventKey, WORKFLOW_TEMPLATES, type Workflow } from '../../../src/domain/index.ts';
import { activateTrigger, commitPoll, countQueuedEvents, createWorkflow, getTriggerState, updateTriggerState } from '../../../src/storage/index.ts';
import { freshStores } from '../auth/fixtures.ts';
import { HEALTH, pairing, requireToken, startFakeRunner, type FakeRunner, type Seen } from './runnerServer.ts';

const TOKEN = 'rtok_PLANTED_handoff_0123456789abcdef';
const CHECKPOINT = { modifiedTime: '2026-12-04T10:00:00+05:30', seen: ['4150868000000000001@1764822600000'], readUpTo: 1764822600000 };
let runner: FakeRunner;

function item(sourceId: string, active: boolean) {
  return {
    id: 'wf_onrunner1',
    sourceId,
    name: 'Sync',
    revision: 1,
    active,
    linkNames: [
      { linkName: 'bigin_connection', service: 'zoho_bigin', status: 'not_connected' },
      { linkName: 'books_connection', service: 'zoho_books', status: 'connected' },
    ],
    trigger: { lastPollAt: null, lastSuccessAt: null, nextPollAt: null, trouble: null },
  };
}

/** The runner takes every workflow sent to it, or refuses each one when `refuse` is set. */
function workflowsRoute(options: { refuse?: boolean } = {}) {
  return (s: Seen) => {
    if (s.method === 'POST' && s.path === '/workflows') {
      if (options.refuse) return { status: 400, body: { error: { code: 'RUNNER_BAD_WORKFLOW', message: 'trigger module unknown' } } };
      return { status: 201, body: { workflow: item((s.body as { sourceId: string }).sourceId, true), warnings: [] } };
    }
    if (s.method === 'POST' && s.path === '/workflows/wf_onrunner1/active')
      return { status: 200, body: item(sourceIdOfLastSend(), (s.body as { active: boolean }).active) };
    if (s.method === 'GET' && s.path === '/workflows') return { status: 200, body: { workflows: [] } };
    return undefined;
  };
}

function sourceIdOfLastSend(): string {
  return (runner.seen.findLast((s) => s.method === 'POST' && s.path === '/workflows')?.body as { sourceId: string }).sourceId;
}

async function liveWorkflow(): Promise<Workflow> {
  const workflow = await createWorkflow(WORKFLOW_TEMPLATES[0]!.build());
  await activateTrigger(workflow.id, null);
  await updateTriggerState(workflow.id, { checkpoint: CHECKPOINT });
  return workflow;
}

beforeAll(async () => {
  runner = await startFakeRunner();
});
afterAll(() => runner.close());
beforeEach(async () => {
  freshStores();
  resetRunnerPairingCache();
  runner.handlers.length = 0;
  runner.handlers.push(HEALTH, pairing(TOKEN), requireToken(TOKEN));
  await pairRunner(runner.url, 'good-code-123');
  runner.seen.length = 0;
});

describe('Send to runner', () => {
  it("switches the browser's trigger off and sends its checkpoint with the export file, no secret in it", async () => {
    runner.handlers.push(workflowsRoute());
    const workflow = await liveWorkflow();
    const outcome = await sendWorkflow(workflow, await workflowFileOf(workflow));

    const sent = runner.seen.find((s) => s.method === 'POST' && s.path === '/workflows')!;
    expect(sent.body).toEqual({ file: await workflowFileOf(workflow), sourceId: workflow.id, checkpoint: CHECKPOINT, active: true });
    expect((sent.body as { file: { format: string } }).file.format).toBe('workflow/1');
    expect(JSON.stringify(sent.body)).not.toContain('PLANTED');
    expect(await getTriggerState(workflow.id)).toMatchObject({ active: false, checkpoint: null });
    expect(outcome.handedOver).toBe(true);
    expect(outcome.needs).toEqual([
      { linkName: 'bigin_connection', service: 'zoho_bigin', status: 'not_connected', command: 'npm run runner -- connect bigin_connection' },
    ]);
    expect([...runnerFeed.current.workflows].map((w) => [w.sourceId, w.active])).toEqual([[workflow.id, true]]);
  });

  it('sends no checkpoint for a workflow the browser was not watching', async () => {
    runner.handlers.push(workflowsRoute());
    const workflow = await createWorkflow(WORKFLOW_TEMPLATES[0]!.build());
    const outcome = await sendWorkflow(workflow, await workflowFileOf(workflow));
    expect(runner.seen.find((s) => s.method === 'POST')?.body).not.toHaveProperty('checkpoint');
    expect(outcome.handedOver).toBe(false);
  });

  it('puts the trigger back on, checkpoint and all, when the runner refuses the workflow', async () => {
    runner.handlers.push(workflowsRoute({ refuse: true }));
    const workflow = await liveWorkflow();
    const error = await sendWorkflow(workflow, await workflowFileOf(workflow)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('RUNNER_BAD_WORKFLOW');
    expect(await getTriggerState(workflow.id)).toMatchObject({ active: true, checkpoint: CHECKPOINT });
  });

  it('puts the trigger back on when the runner does not answer', async () => {
    const workflow = await liveWorkflow();
    await runner.close();
    try {
      const error = await sendWorkflow(workflow, await workflowFileOf(workflow)).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('RUNNER_UNREACHABLE');
      expect(await getTriggerState(workflow.id)).toMatchObject({ active: true, checkpoint: CHECKPOINT });
    } finally {
      runner = await startFakeRunner();
    }
  });

  it('keeps the trigger off when the runner took the workflow but its answer was lost', async () => {
    const workflow = await liveWorkflow();
    runner.handlers.push((s) => {
      if (s.method === 'POST' && s.path === '/workflows') return { status: 0, lost: true };
      if (s.method === 'GET' && s.path === '/workflows') return { status: 200, body: { workflows: [item(workflow.id, true)] } };
      return undefined;
    });
    const outcome = await sendWorkflow(workflow, await workflowFileOf(workflow));
    expect(outcome).toMatchObject({ handedOver: true, workflow: { sourceId: workflow.id, active: true } });
    expect(outcome.needs.map((n) => n.linkName)).toEqual(['bigin_connection']);
    expect((await getTriggerState(workflow.id))?.active).toBe(false);
  });

  it('puts the trigger back on when the answer was lost and the runner does not list the workflow', async () => {
    const workflow = await liveWorkflow();
    runner.handlers.push((s) => (s.method === 'POST' && s.path === '/workflows' ? { status: 0, lost: true } : undefined), workflowsRoute());
    const error = await sendWorkflow(workflow, await workflowFileOf(workflow)).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('RUNNER_UNREACHABLE');
    expect(await getTriggerState(workflow.id)).toMatchObject({ active: true, checkpoint: CHECKPOINT });
  });

  it('refuses while changes wait in the browser queue, sending nothing and dropping none', async () => {
    runner.handlers.push(workflowsRoute());
    const workflow = await liveWorkflow();
    const now = Date.now();
    await commitPoll(workflow.id, {
      events: [
        {
          key: pendingEventKey(workflow.id, '4150868000000000009', now),
          workflowId: workflow.id,
          module: 'Contacts',
          recordId: '4150868000000000009',
          modifiedTime: '2026-12-04T10:00:05+05:30',
          modifiedAt: now,
          event: 'create',
          record: { id: '4150868000000000009' },
          source: 'live',
          status: 'pending',
          runId: null,
          attempts: 0,
          detectedAt: now,
          doneAt: null,
          error: null,
        },
      ],
      snapshots: [],
      state: {},
    });
    const error = await sendWorkflow(workflow, await workflowFileOf(workflow)).catch((e: unknown) => e);
    expect((error as AppError).message).toMatch(/^A change is still waiting to run in this browser/);
    expect(runner.seen.filter((s) => s.method === 'POST')).toEqual([]);
    expect(await countQueuedEvents(workflow.id)).toBe(1);
    expect((await getTriggerState(workflow.id))?.active).toBe(true);
  });
});

describe('Stop on runner', () => {
  it('switches the runner copy off by its own id, found by the app workflow id', async () => {
    runner.handlers.push(workflowsRoute());
    const workflow = await createWorkflow(WORKFLOW_TEMPLATES[0]!.build());
    await sendWorkflow(workflow, await workflowFileOf(workflow));
    const stopped = await stopOnRunner(workflow.id);
    expect(runner.seen.at(-1)).toMatchObject({ method: 'POST', path: '/workflows/wf_onrunner1/active', body: { active: false } });
    expect(stopped.active).toBe(false);
    expect(runnerFeed.current.workflows.find((w) => w.sourceId === workflow.id)?.active).toBe(false);
  });
});
