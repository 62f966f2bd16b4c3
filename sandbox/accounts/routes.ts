import { randomBytes } from 'node:crypto';
import { formFields } from '../http/body.ts';
import type { Router } from '../http/router.ts';
import { html, json, redirect, type Ctx, type Reply } from '../http/types.ts';
import { CLIENT_ID, CLIENT_NAME, RUNNER_CLIENT_ID, RUNNER_CLIENT_NAME, SANDBOX_USER, isRegisteredRedirect, type SandboxContext } from '../context.ts';
import { organizationNames } from '../store/seed.ts';
import { consentPage, errorPage } from './pages.ts';
import { parseScopeParam, scopeLabel } from './scopes.ts';
import { clientAuthProblem, isKnownClient, SERVER_CLIENT_ID } from './strict.ts';
import type { CodeRequest, GrantError, IssuedTokens } from './tokens.ts';

const CONSENT_TTL_MS = 10 * 60_000;

/** Security headers for pages that ask for consent: no framing (clickjacking), no referrer leaks. */
function consentHeaders(ctx: SandboxContext, redirectOrigin: string): Record<string, string> {
  // form-action also covers the redirect after the form post, so the client's own redirect origin is listed.
  const formTargets = [...new Set(["'self'", ...ctx.appOrigins, redirectOrigin])].join(' ');
  return {
    'content-security-policy': `default-src 'none'; style-src 'self'; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the page's own form post, which the CSRF guard refuses.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Parameters of a request merged from the query and a form or JSON body (body wins). */
function requestParams(ctx: Ctx): Map<string, string> {
  const params = new Map(ctx.query);
  for (const [k, v] of formFields(ctx.req, ctx.rawBody)) params.set(k, v);
  return params;
}

interface PendingConsent {
  request: CodeRequest;
  state: string | undefined;
  expiresMs: number;
}

export function mountAccounts(router: Router, ctx: SandboxContext): void {
  const pending = new Map<string, PendingConsent>();

  const finish = (request: CodeRequest, state: string | undefined): Reply =>
    redirect(
      withParams(request.redirectUri, {
        code: ctx.tokens.issueCode(request),
        state,
        location: 'sandbox',
        'accounts-server': ctx.origin(),
      }),
    );

  router.add('GET', '/oauth/v2/auth', (c) => {
    const q = c.query;
    for (const key of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge']) {
      if (q.getAll(key).length > 1) {
        return html(400, errorPage('Invalid request', `Parameter ${key} must not be repeated (RFC 6749 §3.1).`));
      }
    }
    const clientId = q.get('client_id') ?? '';
    if (!isKnownClient(clientId)) {
      return html(
        400,
        errorPage(
          'Invalid client',
          `Unknown client_id "${clientId}". The sandbox knows "${CLIENT_ID}", "${SERVER_CLIENT_ID}" and "${RUNNER_CLIENT_ID}".`,
        ),
      );
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isRegisteredRedirect(clientId, redirectUri, ctx.appOrigins)) {
      return html(400, errorPage('Invalid redirect URI', `redirect_uri "${redirectUri}" is not registered for ${clientId}.`));
    }
    const state = q.get('state') ?? undefined;
    const fail = (error: string, description: string): Reply => redirect(withParams(redirectUri, { error, error_description: description, state }));

    if (q.get('response_type') !== 'code') {
      return fail('unsupported_response_type', 'response_type must be "code"; the implicit flow is not offered.');
    }
    const scopes = parseScopeParam(q.get('scope') ?? '');
    if (scopes.length === 0) return fail('invalid_scope', 'scope is required (comma-separated Zoho scopes).');
    const unknown = scopes.filter((s) => scopeLabel(s) === null);
    if (unknown.length > 0) return fail('invalid_scope', `Unknown scope: ${unknown.join(', ')}`);
    const challenge = q.get('code_challenge');
    if (!challenge) return fail('invalid_request', 'code_challenge is required: this client must use PKCE S256.');
    if (q.get('code_challenge_method') !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256.');
    }
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request', 'code_challenge must be 43 base64url characters (RFC 7636 §4.2).');
    }
    const accessType = q.get('access_type') ?? 'online';
    if (accessType !== 'online' && accessType !== 'offline') {
      return fail('invalid_request', 'access_type must be "online" or "offline".');
    }
    const request: CodeRequest = { clientId, redirectUri, scopes, codeChallenge: challenge, offline: accessType === 'offline' };

    if (q.get('prompt') !== 'consent' && ctx.tokens.hasConsent(clientId, scopes)) {
      // Zoho returns a refresh token only when the user consents; a remembered consent gets none.
      return finish({ ...request, offline: false }, state);
    }
    const now = ctx.clock.now();
    for (const [key, p] of pending) if (p.expiresMs <= now) pending.delete(key);
    const txn = randomBytes(18).toString('base64url');
    pending.set(txn, { request, state, expiresMs: now + CONSENT_TTL_MS });
    return html(
      200,
      consentPage({
        txn,
        clientName: clientId === RUNNER_CLIENT_ID ? RUNNER_CLIENT_NAME : CLIENT_NAME,
        clientId,
        redirectOrigin: new URL(redirectUri).origin,
        user: SANDBOX_USER,
        organizations: organizationNames(ctx.db),
        scopes: scopes.map((value) => ({ value, label: scopeLabel(value) ?? value })),
        offline: request.offline,
      }),
      consentHeaders(ctx, new URL(redirectUri).origin),
    );
  });

  router.add('POST', '/oauth/v2/auth/consent', (c) => {
    // CSRF guard: a browser form post carries Origin; it must be the origin the consent page was served from.
    const origin = c.req.headers.origin;
    if (origin !== undefined && origin !== `http://${c.req.headers.host ?? ''}`) {
      return html(403, errorPage('Forbidden', 'The consent form must be submitted from the sandbox page.'));
    }
    const form = formFields(c.req, c.rawBody);
    const txn = form.get('txn') ?? '';
    const entry = pending.get(txn);
    pending.delete(txn);
    if (!entry || entry.expiresMs <= ctx.clock.now()) {
      return html(400, errorPage('Request expired', 'This sign-in request has expired or was already answered. Start again from the app.'));
    }
    const decision = form.get('decision');
    if (decision === 'accept') return finish(entry.request, entry.state);
    if (decision === 'deny') {
      return redirect(
        withParams(entry.request.redirectUri, {
          error: 'access_denied',
          error_description: 'The user denied access.',
          state: entry.state,
        }),
      );
    }
    return html(400, errorPage('Invalid request', 'decision must be "accept" or "deny".'));
  });

  const tokenError = (e: GrantError): Reply =>
    json(ctx.settings().oauthErrorStatus, { error: e.error, error_description: e.description }, { 'cache-control': 'no-store' });

  const tokenReply = (issued: IssuedTokens): Reply =>
    json(
      200,
      {
        access_token: issued.accessToken,
        ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
        api_domain: ctx.origin(),
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );

  router.add('POST', '/oauth/v2/token', (c) => {
    const p = requestParams(c);
    const grantType = p.get('grant_type') ?? '';
    c.note.grantType = grantType.slice(0, 40);
    if (grantType === '') return tokenError({ error: 'invalid_request', description: 'grant_type is required.' });
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return tokenError({ error: 'unsupported_grant_type', description: `grant_type "${c.note.grantType}" is not supported.` });
    }
    const clientId = p.get('client_id') ?? '';
    if (!isKnownClient(clientId)) return tokenError({ error: 'invalid_client', description: 'client_id is missing or unknown.' });
    const authProblem = clientAuthProblem(c.req, clientId, p, ctx.settings());
    if (authProblem) return tokenError(authProblem);
    if (grantType === 'refresh_token') {
      const refreshToken = p.get('refresh_token') ?? '';
      if (refreshToken === '') return tokenError({ error: 'invalid_request', description: 'refresh_token is required.' });
      const result = ctx.tokens.refresh(refreshToken, clientId);
      return 'error' in result ? tokenError(result) : tokenReply(result);
    }
    const code = p.get('code') ?? '';
    if (code === '') return tokenError({ error: 'invalid_request', description: 'code is required.' });
    const redirectUri = p.get('redirect_uri') ?? '';
    if (redirectUri === '') return tokenError({ error: 'invalid_redirect_uri', description: 'redirect_uri is required.' });
    const result = ctx.tokens.exchangeCode(code, clientId, redirectUri, p.get('code_verifier') ?? '');
    return 'error' in result ? tokenError(result) : tokenReply(result);
  });

  const revoke = (c: Ctx): Reply => {
    const p = requestParams(c);
    const token = p.get('token') ?? '';
    if (token === '') return json(400, { status: 'failure', error: 'invalid_request', error_description: 'token is required.' });
    const clientId = p.get('client_id');
    if (clientId !== undefined && !isKnownClient(clientId)) {
      return json(400, { status: 'failure', error: 'invalid_client', error_description: 'client_id is unknown.' });
    }
    const authProblem = clientId === undefined ? null : clientAuthProblem(c.req, clientId, p, ctx.settings());
    if (authProblem) return json(400, { status: 'failure', error: authProblem.error, error_description: authProblem.description });
    if (!ctx.tokens.revoke(token)) {
      return json(400, { status: 'failure', error: 'invalid_token', error_description: 'The token is unknown or already revoked.' });
    }
    return json(200, { status: 'success' });
  };
  router.add('POST', '/oauth/v2/token/revoke', revoke);
  router.add('POST', '/oauth/v2/revoke/token', revoke);

  router.add('GET', '/oauth/serverinfo', () => json(200, { result: 'success', locations: { sandbox: ctx.origin() } }));

  // RFC 8414 metadata: Zoho does not publish this; the sandbox adds it for discovery-based clients.
  router.add('GET', '/.well-known/oauth-authorization-server', () => {
    const o = ctx.origin();
    return json(200, {
      issuer: o,
      authorization_endpoint: `${o}/oauth/v2/auth`,
      token_endpoint: `${o}/oauth/v2/token`,
      revocation_endpoint: `${o}/oauth/v2/token/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      scopes_supported: [
        'ZohoBigin.modules.ALL',
        'ZohoBigin.modules.contacts.ALL',
        'ZohoBigin.modules.contacts.READ',
        'ZohoBigin.modules.contacts.CREATE',
        'ZohoBigin.modules.contacts.UPDATE',
        'ZohoBigin.modules.accounts.ALL',
        'ZohoBigin.org.READ',
        'ZohoBooks.fullaccess.all',
        'ZohoBooks.contacts.ALL',
        'ZohoBooks.contacts.READ',
        'ZohoBooks.contacts.CREATE',
        'ZohoBooks.contacts.UPDATE',
        'ZohoBooks.contacts.DELETE',
        'ZohoBooks.settings.READ',
      ],
      authorization_response_iss_parameter_supported: false,
    });
  });
}
