import { describe, expect, it } from 'vitest';
import { batchedLog } from '../../../relay/log.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batchedLog', () => {
  it('writes the lines of one event-loop turn once, in order, each on its own line', async () => {
    const writes: string[] = [];
    const log = batchedLog((text) => writes.push(text));
    log('relay: GET a / 200 1ms');
    log('relay: GET b / 200 2ms');
    expect(writes).toEqual([]);
    await nextTurn();
    log('relay: GET c / 200 3ms');
    await nextTurn();
    expect(writes).toEqual(['relay: GET a / 200 1ms\nrelay: GET b / 200 2ms\n', 'relay: GET c / 200 3ms\n']);
  });
});
