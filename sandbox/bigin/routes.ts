import { authenticate } from '../accounts/guard.ts';
import { biginAllows, biginOrgAllowed, type Operation } from '../accounts/scopes.ts';
import type { SandboxContext } from '../context.ts';
import type { Router } from '../http/router.ts';
import { json, type Ctx, type Reply } from '../http/types.ts';
import { BIGIN_ORG } from '../store/seed.ts';
import { CriteriaError, fieldsOf, matches, parseCriteria, type Criteria } from './criteria.ts';
import { listPage } from './listing.ts';
import { biginError, biginFailure, moduleByName, recordSummary, validateRecord, type BiginRecord, type ModuleDef } from './model.ts';
import { PageTokens } from './page-token.ts';
import type { BiginRepo } from './repo.ts';

const PREFIX = '/bigin/v2';
const MAX_WRITE = 100;

const fail = biginFailure;

const AUTH_ERRORS: Record<string, Reply> = {
  missing: fail(401, 'AUTHENTICATION_FAILURE', 'Authentication failed'),
  malformed: fail(401, 'INVALID_TOKEN', 'invalid oauth token'),
  invalid: fail(401, 'INVALID_TOKEN', 'invalid oauth token'),
  expired: fail(401, 'INVALID_TOKEN', 'invalid oauth token'),
};

const scopeMismatch = (): Reply => fail(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');

function parseWriteBody(c: Ctx): unknown[] | Reply {
  let body: unknown;
  try {
    body = JSON.parse(c.rawBody.toString('utf8'));
  } catch {
    return fail(400, 'INVALID_DATA', 'the request body is not valid JSON', { expected_data_type: 'jsonobject' });
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return fail(400, 'REQUIRED_PARAM_MISSING', 'required param missing', { param_name: 'data' });
  if (data.length === 0) return fail(400, 'INVALID_DATA', 'the data list is empty', { param_name: 'data' });
  if (data.length > MAX_WRITE) return fail(400, 'LIMIT_EXCEEDED', `at most ${MAX_WRITE} records per request`, { limit: MAX_WRITE });
  return data;
}

export function mountBigin(router: Router, ctx: SandboxContext, repo: BiginRepo): void {
  const tokens = new PageTokens(ctx.db);
  /** Authenticates, resolves the module and checks the scope, or returns the error reply. */
  const guard = (c: Ctx, op: Operation): { def: ModuleDef } | Reply => {
    const auth = authenticate(c.req, ctx.tokens);
    if (!auth.ok) return AUTH_ERRORS[auth.reason] as Reply;
    const def = moduleByName(c.params.module ?? '');
    if (!def) return fail(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 });
    if (!biginAllows(auth.scopes, def.scopeKey, op)) return scopeMismatch();
    return { def };
  };

  const validId = (id: string): boolean => /^\d{1,19}$/.test(id);

  router.add('GET', `${PREFIX}/org`, (c) => {
    const auth = authenticate(c.req, ctx.tokens);
    if (!auth.ok) return AUTH_ERRORS[auth.reason] as Reply;
    if (!biginOrgAllowed(auth.scopes)) return scopeMismatch();
    return json(200, { org: [BIGIN_ORG] });
  });

  router.add('GET', `${PREFIX}/:module/search`, (c) => {
    const g = guard(c, 'READ');
    if ('status' in g) return g;
    const q = c.query;
    let criteria: Criteria;
    try {
      if (q.get('criteria')) {
        criteria = parseCriteria(q.get('criteria') as string);
        const unknown = fieldsOf(criteria).filter((f) => f !== 'id' && !(f in g.def.fields) && f !== 'Full_Name');
        if (unknown.length > 0)
          return fail(400, 'INVALID_QUERY', 'invalid query formed', { api_name: unknown[0], reason: 'the field is not available for search' });
      } else if (q.get('email')) {
        const e = q.get('email') as string;
        criteria = {
          kind: 'or',
          left: { kind: 'cond', field: 'Email', op: 'equals', value: e },
          right: { kind: 'cond', field: 'Secondary_Email', op: 'equals', value: e },
        };
      } else if (q.get('phone')) {
        const p = q.get('phone') as string;
        criteria = {
          kind: 'or',
          left: { kind: 'cond', field: 'Phone', op: 'equals', value: p },
          right: { kind: 'cond', field: 'Mobile', op: 'equals', value: p },
        };
      } else if (q.get('word')) {
        const w = (q.get('word') as string).toLowerCase();
        const hits = repo.list(g.def).filter((r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(w)));
        return listPage(hits, q, { module: g.def.apiName, nowMs: ctx.clock.now() });
      } else {
        return fail(400, 'REQUIRED_PARAM_MISSING', 'one of the expected parameter is missing', { param: ['criteria', 'email', 'phone', 'word'] });
      }
    } catch (e) {
      if (e instanceof CriteriaError) return fail(400, 'INVALID_QUERY', 'invalid query formed', { reason: e.message });
      throw e;
    }
    return listPage(
      repo.list(g.def).filter((r) => matches(criteria, r)),
      q,
      { module: g.def.apiName, nowMs: ctx.clock.now() },
    );
  });

  router.add('GET', `${PREFIX}/:module`, (c) => {
    const g = guard(c, 'READ');
    if ('status' in g) return g;
    const header = c.req.headers['if-modified-since'];
    return listPage(repo.list(g.def), c.query, {
      module: g.def.apiName,
      nowMs: ctx.clock.now(),
      tokens,
      ...(typeof header === 'string' ? { ifModifiedSince: header } : {}),
    });
  });

  router.add('GET', `${PREFIX}/:module/:id`, (c) => {
    const g = guard(c, 'READ');
    if ('status' in g) return g;
    const id = c.params.id ?? '';
    if (!validId(id)) return fail(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 2 });
    const record = repo.read(g.def, id);
    // Bigin v2 status codes: 204 "when the resource does not exist".
    return record ? json(200, { data: [record] }) : { status: 204 };
  });

  router.add('POST', `${PREFIX}/:module`, (c) => {
    const g = guard(c, 'CREATE');
    if ('status' in g) return g;
    const data = parseWriteBody(c);
    if (!Array.isArray(data)) return data;
    const results = data.map((input, i) => {
      const v = validateRecord(g.def, input, i, true, repo.lookupName);
      if (!v.ok) return v.error;
      const record = repo.insert(g.def, v.values);
      return { code: 'SUCCESS', details: recordSummary(record), message: 'record added', status: 'success' };
    });
    return writeReply(results, 201);
  });

  const update = (c: Ctx, pathId: string | undefined): Reply => {
    const g = guard(c, 'UPDATE');
    if ('status' in g) return g;
    const data = parseWriteBody(c);
    if (!Array.isArray(data)) return data;
    if (pathId !== undefined && data.length !== 1) {
      return fail(400, 'INVALID_DATA', 'updating by id in the URL takes exactly one record', { param_name: 'data' });
    }
    const results = data.map((input, i) => {
      const raw = (input as { id?: unknown } | null)?.id;
      const id = pathId ?? (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '');
      if (id === '') return biginError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${i}].id` });
      if (!validId(id) || !repo.read(g.def, id)) {
        return biginError('INVALID_DATA', 'the id given seems to be invalid', { id, json_path: `$.data[${i}].id` });
      }
      const v = validateRecord(g.def, input, i, false, repo.lookupName);
      if (!v.ok) return v.error;
      const record = repo.update(g.def, id, v.values) as BiginRecord;
      return { code: 'SUCCESS', details: recordSummary(record), message: 'record updated', status: 'success' };
    });
    return writeReply(results, 200);
  };
  router.add('PUT', `${PREFIX}/:module`, (c) => update(c, undefined));
  router.add('PUT', `${PREFIX}/:module/:id`, (c) => update(c, c.params.id));
}

/** All succeeded: `okStatus`; one record failed: 400; a mix across several records: 202 (multi-record write). */
function writeReply(results: { status: string }[], okStatus: number): Reply {
  const failed = results.filter((r) => r.status === 'error').length;
  const status = failed === 0 ? okStatus : failed === results.length ? 400 : 202;
  return json(status, { data: results });
}
