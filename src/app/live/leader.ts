/**
 * One tab per browser profile polls and runs live workflows: the one holding the Web Lock below.
 * Other tabs wait in the lock's queue; when the leading tab closes, the browser hands the lock to
 * the next one at once. @see https://w3c.github.io/web-locks/#api-lock-manager-request
 */
import { withLock } from '../../auth/locks.ts';

export const LEADER_LOCK = 'live-workflows-leader';

/**
 * Runs `lead` once this tab holds the lock and keeps the lock until the page goes away; `lead`
 * returns what to do when leading ends (never called on a closed page, which is the point).
 */
export function leadWhenElected(lead: () => () => void): void {
  void withLock(LEADER_LOCK, () => {
    const stop = lead();
    return new Promise<void>((resolve) => {
      addEventListener('pagehide', (event) => {
        // A page kept in the back/forward cache may come back; it takes the lock again then.
        if (event.persisted) {
          stop();
          resolve();
        }
      });
    });
  });
}
