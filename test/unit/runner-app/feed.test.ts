import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import { RunnerFeed, activeSourceIds, type FeedMemory } from '../../../src/app/pairedRunner/feed.ts';
import type { RunnerWorkflow } from '../../../src/app/pairedRunner/api.ts';

function item(id: string, sourceId: string | null, active: boolean): RunnerWorkflow {
  return {
    id,
    sourceId,
    name: id,
    revision: 1,
    active,
    linkNames: [],
    trigger: { lastPollAt: null, lastSuccessAt: null, nextPollAt: null, trouble: null },
  };
}

/** What a page keeps between loads, here in a variable. */
class Memory implements FeedMemory {
  saved: RunnerWorkflow[] = [];
  load = () => this.saved;
  save = (workflows: readonly RunnerWorkflow[]) => void (this.saved = [...workflows]);
}

/** A feed over answers the test hands out one read at a time. */
function feedOf(answers: (RunnerWorkflow[] | AppError)[], memory = new Memory()): RunnerFeed {
  return new RunnerFeed(
    async () => {
      const next = answers.shift();
      if (next === undefined) throw new Error('no more reads expected');
      if (next instanceof AppError) throw next;
      return next;
    },
    60_000,
    memory,
  );
}

describe('RunnerFeed', () => {
  it('reports the app workflows the runner runs by their source id, not those it holds switched off or from elsewhere', () => {
    expect([...activeSourceIds([item('r1', 'wf_aaaa', true), item('r2', 'wf_bbbb', false), item('r3', null, true)])]).toEqual(['wf_aaaa']);
  });

  it('keeps the last known workflows while the runner does not answer, so the browser never takes them back', async () => {
    const feed = feedOf([[item('r1', 'wf_aaaa', true)], new AppError('RUNNER_UNREACHABLE', 'The runner at http://127.0.0.1:4030 did not answer.')]);
    await feed.refresh();
    const state = await feed.refresh();
    expect(state.paired).toBe(true);
    expect(state.error?.code).toBe('RUNNER_UNREACHABLE');
    expect([...activeSourceIds(state.workflows)]).toEqual(['wf_aaaa']);
  });

  it('starts from the last report a page kept, so a reload while the runner is away still knows what it runs', async () => {
    const memory = new Memory();
    await feedOf([[item('r1', 'wf_aaaa', true)]], memory).refresh();
    const reloaded = feedOf([new AppError('RUNNER_UNREACHABLE', 'The runner did not answer.')], memory);
    expect([...activeSourceIds(reloaded.current.workflows)]).toEqual(['wf_aaaa']);
    expect((await reloaded.refresh()).workflows.map((w) => w.sourceId)).toEqual(['wf_aaaa']);
  });

  it('reports nothing when no runner is paired here, and forgets what it kept', async () => {
    const memory = new Memory();
    memory.saved = [item('r1', 'wf_aaaa', true)];
    const feed = feedOf([new AppError('RUNNER_NOT_PAIRED', 'No runner is paired.', { pairing: 'none' })], memory);
    expect(await feed.refresh()).toMatchObject({ paired: false, workflows: [], error: null });
    expect(memory.saved).toEqual([]);
  });

  it('tells listeners at once and after every read; a put replaces the one workflow', async () => {
    const feed = feedOf([[item('r1', 'wf_aaaa', true)]]);
    const seen: string[][] = [];
    const stop = feed.subscribeActive((ids) => seen.push([...ids]));
    await feed.refresh();
    feed.put(item('r1', 'wf_aaaa', false));
    stop();
    expect(seen).toEqual([[], ['wf_aaaa'], []]);
  });
});
