import { AppError, BIGIN_BOOKS_SYNC_TEMPLATE } from '../../../src/domain/index.ts';
import type { CompilableWorkflow } from '../../../src/engine/compile.ts';
import { requestUrl } from '../../../src/engine/http/url.ts';
import type { Clock, ConnectionInfo, ConnectionRequest, HttpPort, HttpResult, RunEvent, RunLog } from '../../../src/engine/ports.ts';

/**
 * Virtual time: `sleep` schedules a wake-up, and whenever nothing else is pending the earliest
 * wake-up fires and time jumps to it. Concurrent waits interleave as they would in real time.
 */
export class VirtualClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;
  private scheduled = false;
  constructor(private readonly rand = 0.5) {}
  now(): number {
    return this.t;
  }
  random(): number {
    return this.rand;
  }
  timeout(ms: number, fire: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fire };
    this.timers.push(timer);
    this.schedule();
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as unknown);
      const timer = {
        at: this.t + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal.reason as unknown);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.schedule();
    });
  }
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.fire();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

export class MemoryLog implements RunLog {
  readonly events: RunEvent[] = [];
  emit(event: RunEvent): void {
    this.events.push(event);
  }
  of<T extends RunEvent['type']>(type: T): Extract<RunEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { status, headers: { 'content-type': 'application/json', ...headers }, bodyText: body === undefined ? '' : JSON.stringify(body), url: '' };
}

export interface SentRequest {
  method: string;
  url: string;
  forceRefresh: boolean;
  req: ConnectionRequest;
}

type Handler = (
  req: ConnectionRequest,
  url: URL,
  call: number,
  opts: { forceRefresh: boolean; signal: AbortSignal },
) => HttpResult | Promise<HttpResult>;

/** An HttpPort that answers only the routes it was given and throws on anything else. */
export class FakeHttp implements HttpPort {
  readonly sent: SentRequest[] = [];
  readonly unexpected: string[] = [];
  readonly connections = new Map<string, ConnectionInfo>();
  private readonly routes: { method: string; path: RegExp; handler: Handler; calls: number }[] = [];

  connection(info: Partial<ConnectionInfo> & Pick<ConnectionInfo, 'linkName' | 'serviceLinkName'>): this {
    this.connections.set(info.linkName, {
      serviceName: info.serviceLinkName,
      status: 'connected',
      dataCenterId: 'sandbox',
      isSandbox: true,
      ...info,
    });
    return this;
  }

  on(method: string, path: RegExp, handler: Handler): this {
    this.routes.push({ method, path, handler, calls: 0 });
    return this;
  }

  count(method: string, path: RegExp): number {
    return this.sent.filter((s) => s.method === method && path.test(new URL(s.url).pathname)).length;
  }

  describe(linkName: string): Promise<ConnectionInfo | null> {
    return Promise.resolve(this.connections.get(linkName) ?? null);
  }

  /** Hosts `resolve` maps, as the app maps Zoho's main hosts to a connection's data centre. */
  readonly hostMap = new Map<string, string>();

  resolve(req: ConnectionRequest): Promise<Pick<HttpResult, 'url' | 'mappedFrom'>> {
    const written = requestUrl(req);
    const url = new URL(written);
    const host = this.hostMap.get(url.host);
    if (!host) return Promise.resolve({ url: written });
    url.host = host;
    return Promise.resolve({ url: url.toString(), mappedFrom: written });
  }

  async send(req: ConnectionRequest, opts: { signal: AbortSignal; forceRefresh?: boolean }): Promise<HttpResult> {
    const full = requestUrl(req);
    const url = new URL(full);
    const route = this.routes.find((r) => r.method === req.method && r.path.test(url.pathname));
    this.sent.push({ method: req.method, url: full, forceRefresh: opts.forceRefresh ?? false, req });
    if (!route) {
      this.unexpected.push(`${req.method} ${full}`);
      throw new Error(`Unexpected request: ${req.method} ${full}`);
    }
    route.calls += 1;
    const result = await route.handler(req, url, route.calls, { forceRefresh: opts.forceRefresh ?? false, signal: opts.signal });
    return { ...result, url: result.url || full };
  }
}

export const ORG = '10234695';

export interface BooksPerson {
  contact_person_id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  mobile?: string;
  designation?: string;
  is_primary_contact?: boolean;
}

export interface BooksContact {
  contact_id: string;
  contact_name: string;
  last_modified_time?: string;
  phone?: string;
  mobile?: string;
  contact_persons: BooksPerson[];
}

/**
 * What a Books write does before answering: run normally, or fail in one of the ways issue 6 lists.
 * `resent-after-drop` is what a browser does when the socket closes after Books applied the write:
 * it silently sends the request again, and the page only sees the answer to the second one.
 */
export type WriteFault =
  'ok' | 'drop-before' | 'drop-after' | 'resent-after-drop' | { status: number; body: unknown; apply?: boolean; headers?: Record<string, string> };

/** In-memory Bigin contacts and Books contacts behind a FakeHttp, as the seed flow sees them. */
export class ZohoFake {
  readonly http = new FakeHttp();
  readonly bigin = new Map<string, Record<string, unknown>>();
  readonly books: BooksContact[] = [];
  /** Consumed one per Books write (POST/PUT); `ok` once empty. */
  readonly writeFaults: WriteFault[] = [];
  private nextId = 460000000026049;

  constructor() {
    this.http
      .connection({ linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin', serviceName: 'Bigin' })
      .connection({
        linkName: 'books_conn',
        serviceLinkName: 'zoho_books',
        serviceName: 'Zoho Books',
        rateLimit: { requests: 100, perMs: 60_000, key: 'organization' },
      })
      .on('GET', /^\/bigin\/v2\/Contacts\/[^/]+$/, (_req, url) => {
        const id = decodeURIComponent(url.pathname.split('/').pop()!);
        const record = this.bigin.get(id);
        return record ? json(200, { data: [record] }) : json(204, undefined);
      })
      .on('GET', /^\/books\/v3\/contacts$/, (_req, url) => {
        const bad = this.badOrg(url);
        if (bad) return bad;
        if (!url.searchParams.has('email')) return this.listPage(url);
        // Books compares case-insensitively, as the sandbox does.
        const email = (url.searchParams.get('email') ?? '').toLowerCase();
        const rows = this.books
          .filter((c) => c.contact_persons.some((p) => p.email?.toLowerCase() === email))
          .map((c) => ({ contact_id: c.contact_id, contact_name: c.contact_name, email }));
        return json(200, { code: 0, message: 'success', contacts: rows, page_context: { page: 1, per_page: 200, has_more_page: false } });
      })
      .on('GET', /^\/books\/v3\/contacts\/[^/]+$/, (_req, url) => {
        const bad = this.badOrg(url);
        if (bad) return bad;
        const contact = this.books.find((c) => c.contact_id === url.pathname.split('/').pop());
        return contact ? json(200, { code: 0, message: 'success', contact }) : json(404, { code: 1002, message: 'Contact does not exist.' });
      })
      .on('POST', /^\/books\/v3\/contacts$/, (req, url) =>
        this.write(url, () => {
          const body = this.payload(req);
          if (this.books.some((c) => c.contact_name === body.contact_name))
            return json(400, { code: 3062, message: `The customer "${String(body.contact_name)}" already exists. Please specify a different name.` });
          const persons = (body.contact_persons as Omit<BooksPerson, 'contact_person_id'>[] | undefined) ?? [];
          const contact = {
            ...body,
            contact_id: this.newId(),
            last_modified_time: this.stamp(),
            contact_persons: persons.map((p) => ({ ...p, contact_person_id: this.newId() })),
          } as BooksContact;
          this.books.push(contact);
          return json(201, { code: 0, message: 'The contact has been created', contact });
        }),
      )
      .on('PUT', /^\/books\/v3\/contacts\/[^/]+$/, (req, url) =>
        this.write(url, () => {
          const id = url.pathname.split('/').pop()!;
          const index = this.books.findIndex((c) => c.contact_id === id);
          const current = this.books[index];
          if (!current) return json(404, { code: 1002, message: 'Contact does not exist.' });
          const body = this.payload(req);
          // As the sandbox does: the list replaces the old one; a person without an id is a new person.
          const persons: BooksPerson[] = [];
          for (const p of (body.contact_persons as Partial<BooksPerson>[] | undefined) ?? current.contact_persons) {
            const old = p.contact_person_id ? current.contact_persons.find((o) => o.contact_person_id === p.contact_person_id) : undefined;
            if (p.contact_person_id && !old)
              return json(400, { code: 4, message: `Invalid value passed for contact_person_id: ${p.contact_person_id}` });
            persons.push({
              ...old,
              ...p,
              contact_person_id: old?.contact_person_id ?? this.newId(),
              is_primary_contact: p.is_primary_contact === true,
            });
          }
          const contact = { ...body, contact_id: id, last_modified_time: this.stamp(), contact_persons: persons } as BooksContact;
          this.books[index] = contact;
          return json(200, { code: 0, message: 'Contact has been updated successfully', contact });
        }),
      );
  }

  private newId(): string {
    return String(this.nextId++);
  }

  private modified = 0;

  /** Books stamps every write; list rows carry it as `last_modified_time` (§2.4). */
  private stamp(): string {
    this.modified += 1;
    return `2026-12-04T10:${String(Math.floor(this.modified / 60) % 60).padStart(2, '0')}:${String(this.modified % 60).padStart(2, '0')}+0000`;
  }

  /** "List contacts" without a filter: rows carry the primary person's fields, 200 a page at most. */
  private listPage(url: URL): HttpResult {
    const bad = this.badOrg(url);
    if (bad) return bad;
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '200');
    const rows = this.books.slice((page - 1) * perPage, page * perPage).map((c) => {
      const primary = c.contact_persons.find((p) => p.is_primary_contact) ?? c.contact_persons[0];
      return {
        contact_id: c.contact_id,
        contact_name: c.contact_name,
        email: primary?.email ?? '',
        phone: primary?.phone ?? '',
        mobile: primary?.mobile ?? '',
        first_name: primary?.first_name ?? '',
        last_name: primary?.last_name ?? '',
        last_modified_time: c.last_modified_time,
      };
    });
    return json(200, {
      code: 0,
      message: 'success',
      contacts: rows,
      page_context: { page, per_page: perPage, has_more_page: page * perPage < this.books.length },
    });
  }

  private badOrg(url: URL): HttpResult | null {
    return url.searchParams.get('organization_id') === ORG
      ? null
      : json(400, { code: 6041, message: 'This user is not associated with the organization id passed.' });
  }

  private payload(req: ConnectionRequest): Record<string, unknown> {
    if (req.body?.kind !== 'json') throw new Error('Books fake expects a JSON body');
    return req.body.value as Record<string, unknown>;
  }

  private write(url: URL, apply: () => HttpResult): HttpResult {
    const bad = this.badOrg(url);
    if (bad) return bad;
    const fault = this.writeFaults.shift() ?? 'ok';
    if (fault === 'ok') return apply();
    if (fault === 'drop-before') throw new AppError('HTTP_NETWORK', 'The connection to the server was lost');
    if (fault === 'drop-after') {
      apply();
      throw new AppError('HTTP_NETWORK', 'The connection to the server was lost');
    }
    if (fault === 'resent-after-drop') {
      apply();
      return apply();
    }
    if (fault.apply) apply();
    return json(fault.status, fault.body, fault.headers);
  }

  addBiginContact(record: Record<string, unknown>): void {
    this.bigin.set(String(record.id), record);
  }
}

export function janeDoe(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '4150868000000225013',
    First_Name: 'Jane',
    Last_Name: 'Doe',
    Full_Name: 'Jane Doe',
    Email: 'jane@example.com',
    Phone: '+1-555-0100',
    Mobile: '+1-555-0101',
    Account_Name: { name: 'Acme', id: '4150868000000224003' },
    ...overrides,
  };
}

/** The article's workflow from the template, with both connections and the organization filled in. */
export function syncWorkflow(): CompilableWorkflow {
  const built = BIGIN_BOOKS_SYNC_TEMPLATE.build();
  for (const node of built.nodes) {
    if (node.type === 'function') {
      node.config.connections = { bigin: 'bigin_conn', books: 'books_conn' };
      node.config.builtin = { id: 'sync_contact_to_books', params: { organizationId: ORG } };
    }
  }
  return { id: 'wf_test0001', name: built.name, revision: 1, nodes: built.nodes, edges: built.edges };
}

export const CONNECTIONS = [
  { linkName: 'bigin_conn', serviceLinkName: 'zoho_bigin', status: 'connected' },
  { linkName: 'books_conn', serviceLinkName: 'zoho_books', status: 'connected' },
];
