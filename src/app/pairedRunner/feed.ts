/**
 * The workflows the paired runner reports, shared by the leading tab's live service and the pages:
 * read while someone listens, again after each change made here, and kept as last known while the
 * runner does not answer, so a workflow it runs is never taken for one the browser should watch.
 */
import { z } from 'zod';
import { isAppError, toErrorInfo, type ErrorInfo } from '../../domain/index.ts';
import { listRunnerWorkflows, RunnerWorkflow } from './api.ts';

const REFRESH_MS = 10_000;
const MEMORY_KEY = 'runner:workflows';

/** Where the last report outlives the page: a reload while the runner is away still knows what it runs. */
export interface FeedMemory {
  load(): RunnerWorkflow[];
  save(workflows: readonly RunnerWorkflow[]): void;
}

const noMemory: FeedMemory = { load: () => [], save() {} };

/** Shared by every tab of this origin; it holds ids, names and statuses, never a token. */
const pageMemory: FeedMemory = {
  load() {
    try {
      const parsed = z.array(RunnerWorkflow).safeParse(JSON.parse(localStorage.getItem(MEMORY_KEY) ?? '[]'));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  },
  save(workflows) {
    try {
      if (workflows.length === 0) localStorage.removeItem(MEMORY_KEY);
      else localStorage.setItem(MEMORY_KEY, JSON.stringify(workflows));
    } catch {
      // Storage full or refused: the report is still kept for this page.
    }
  },
};

export interface RunnerFeedState {
  paired: boolean;
  workflows: readonly RunnerWorkflow[];
  /** Why the last read failed (the runner stopped, the pairing was dropped …); null when it worked. */
  error: ErrorInfo | null;
  checkedAt: number | null;
}

export interface RunnerActiveSource {
  /** Called with the ids of the app's workflows the runner reports active, now and on every change. */
  subscribeActive(listener: (sourceIds: ReadonlySet<string>) => void): () => void;
}

export function activeSourceIds(workflows: readonly RunnerWorkflow[]): Set<string> {
  return new Set(workflows.flatMap((w) => (w.active && w.sourceId ? [w.sourceId] : [])));
}

export class RunnerFeed implements RunnerActiveSource {
  private state: RunnerFeedState;
  private readonly listeners = new Set<(state: RunnerFeedState) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private reading: Promise<RunnerFeedState> | null = null;

  constructor(
    private readonly read: () => Promise<RunnerWorkflow[]> = listRunnerWorkflows,
    private readonly intervalMs = REFRESH_MS,
    private readonly memory: FeedMemory = typeof localStorage === 'undefined' ? noMemory : pageMemory,
  ) {
    const known = memory.load();
    this.state = { paired: known.length > 0, workflows: known, error: null, checkedAt: null };
  }

  get current(): RunnerFeedState {
    return this.state;
  }

  subscribe(listener: (state: RunnerFeedState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    if (this.listeners.size === 1) {
      void this.refresh();
      this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  subscribeActive(listener: (sourceIds: ReadonlySet<string>) => void): () => void {
    return this.subscribe((state) => listener(activeSourceIds(state.workflows)));
  }

  /** One read at a time; a call while one is under way gets that read's outcome. */
  refresh(): Promise<RunnerFeedState> {
    this.reading ??= this.readOnce().finally(() => (this.reading = null));
    return this.reading;
  }

  /** After a change made here: the answer the runner gave for one workflow replaces the old one at once. */
  put(workflow: RunnerWorkflow): void {
    const others = this.state.workflows.filter((w) => w.id !== workflow.id);
    this.publish({ ...this.state, paired: true, workflows: [...others, workflow] });
  }

  private async readOnce(): Promise<RunnerFeedState> {
    try {
      this.publish({ paired: true, workflows: await this.read(), error: null, checkedAt: Date.now() });
    } catch (error) {
      if (isAppError(error) && error.details?.['pairing'] === 'none')
        this.publish({ paired: false, workflows: [], error: null, checkedAt: Date.now() });
      else this.publish({ ...this.state, paired: true, error: toErrorInfo(error) });
    }
    return this.state;
  }

  private publish(next: RunnerFeedState): void {
    if (next.workflows !== this.state.workflows) this.memory.save(next.workflows);
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}

export const runnerFeed = new RunnerFeed();
