import { liveQuery } from 'dexie';

export interface LiveValue<T> {
  readonly current: T;
  readonly error: unknown;
  readonly loading: boolean;
}

/**
 * The one bridge from Dexie's liveQuery to Svelte 5 runes. It subscribes inside an effect so the
 * subscription ends with the component. Dexie's own `stateQuery` helper has a reported case where it
 * stops updating (dexie issue 2231), so we keep this small bridge and test it.
 * `deps` is read inside the effect, so a query that depends on reactive values re-subscribes.
 */
export function live<T>(query: () => Promise<T>, initial: T, deps: () => unknown = () => undefined): LiveValue<T> {
  let current = $state.raw(initial);
  let error = $state.raw<unknown>(null);
  let loading = $state(true);

  $effect(() => {
    deps();
    loading = true;
    const subscription = liveQuery(query).subscribe({
      next: (value) => {
        current = value;
        error = null;
        loading = false;
      },
      error: (err: unknown) => {
        error = err;
        loading = false;
      },
    });
    return () => subscription.unsubscribe();
  });

  return {
    get current() {
      return current;
    },
    get error() {
      return error;
    },
    get loading() {
      return loading;
    },
  };
}
