import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnection, FormError, suggestLinkName, updateConnectionDetails } from '../../../src/app/facades/connections.ts';
import { generateLinkName, isLinkNameLocked, linkNameProblem } from '../../../src/domain/index.ts';
import { updateConnection } from '../../../src/storage/index.ts';
import { freshStores } from './fixtures.ts';

beforeEach(() => freshStores());

const form = (name: string, linkName: string) => ({
  name,
  linkName,
  serviceId: 'svc_zoho_bigin',
  dataCenterId: 'sandbox',
  scopes: ['ZohoBigin.modules.ALL'],
  clientId: 'workflow-builder',
});

async function fieldErrors(run: Promise<unknown>): Promise<Record<string, string | undefined>> {
  return run.then(
    () => ({}),
    (e: unknown) => (e instanceof FormError ? e.fields : { other: String(e) }),
  );
}

describe('link names', () => {
  it('follow Zoho’s rule: lower-case start, a–z 0–9 _, at most 50', () => {
    expect(linkNameProblem('bigin_connection')).toBeNull();
    expect(linkNameProblem('Bigin')).not.toBeNull();
    expect(linkNameProblem('1bigin')).not.toBeNull();
    expect(linkNameProblem('big-in')).not.toBeNull();
    expect(linkNameProblem('a'.repeat(51))).not.toBeNull();
    expect(generateLinkName('Bigin Connection', [])).toBe('bigin_connection');
    expect(generateLinkName('Bigin Connection', ['bigin_connection'])).toBe('bigin_connection_2');
  });

  it('are suggested as you type and unique among connections', async () => {
    expect(await suggestLinkName('Books Connection')).toBe('books_connection');
    await createConnection(form('Books Connection', 'books_connection'));
    expect(await suggestLinkName('Books Connection')).toBe('books_connection_2');
    expect((await fieldErrors(createConnection(form('Other', 'books_connection')))).linkName).toContain('already uses');
  });

  it('can change until the first authorization, then are fixed', async () => {
    const created = await createConnection(form('Bigin', 'bigin_one'));
    const renamed = await updateConnectionDetails(created.id, form('Bigin', 'bigin_two'));
    expect(renamed.linkName).toBe('bigin_two');
    const authorized = await updateConnection(created.id, (c) => ({ ...c, authorizedAt: Date.now() }));
    expect(isLinkNameLocked(authorized!)).toBe(true);
    expect((await fieldErrors(updateConnectionDetails(created.id, form('Bigin', 'bigin_three')))).linkName).toContain('fixed');
  });

  it('require at least one scope and a known data centre', async () => {
    const errors = await fieldErrors(createConnection({ ...form('X', 'x_conn'), scopes: [], dataCenterId: 'mars' }));
    expect(errors.scopes).toContain('at least one scope');
    expect(errors.dataCenterId).toContain('data centre');
  });
});
