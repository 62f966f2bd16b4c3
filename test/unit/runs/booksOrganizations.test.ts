import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/domain/index.ts';
import { listBooksOrganizations } from '../../../src/app/runs/booksOrganizations.ts';
import { FakeHttp, json } from '../engine/fakes.ts';

const http = () => new FakeHttp().connection({ linkName: 'books_conn', serviceLinkName: 'zoho_books' });
const signal = new AbortController().signal;

describe('Books organizations for the Organization ID picker', () => {
  it('lists GET /organizations through the Books connection, refreshing once on 401', async () => {
    const port = http().on('GET', /^\/books\/v3\/organizations$/, (_req, _url, call) =>
      call === 1
        ? json(401, { code: 57, message: 'You are not authorized to perform this operation' })
        : json(200, {
            code: 0,
            message: 'success',
            organizations: [
              { organization_id: 10234695, name: 'Zylker', is_default_org: true },
              { organization_id: '2', name: 'Other' },
            ],
          }),
    );
    expect(await listBooksOrganizations(port, 'books_conn', signal)).toEqual([
      { id: '10234695', name: 'Zylker', isDefault: true },
      { id: '2', name: 'Other', isDefault: false },
    ]);
    expect(port.sent.map((s) => [s.req.linkName, s.forceRefresh])).toEqual([
      ['books_conn', false],
      ['books_conn', true],
    ]);
  });

  it("explains a refusal with Books' own code and an answer without organizations", async () => {
    const refused = await listBooksOrganizations(
      http().on('GET', /organizations$/, () => json(401, { code: 57, message: 'You are not authorized to perform this operation' })),
      'books_conn',
      signal,
    ).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('HTTP_STATUS');
    expect((refused as Error).message).toBe(
      'Zoho Books could not list organizations through "books_conn": You are not authorized to perform this operation (57, HTTP 401)',
    );
    const odd = await listBooksOrganizations(
      http().on('GET', /organizations$/, () => json(200, { code: 0 })),
      'books_conn',
      signal,
    ).catch((e: unknown) => e);
    expect((odd as Error).message).toBe('Zoho Books answered the organization list through "books_conn" without an "organizations" array');
  });
});
