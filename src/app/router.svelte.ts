/**
 * Hash routes. The OAuth callback is the one path route (`/oauth/callback`): a redirect URI must not
 * carry a fragment (RFC 6749 §3.1.2), so it cannot be a hash route.
 */
export type Route =
  | { name: 'connections'; tab?: string; connectionId?: string }
  | { name: 'workflows' }
  | { name: 'workflow'; id: string }
  | { name: 'runs'; runId?: string; source?: 'runner' }
  | { name: 'settings'; section?: string; params?: Record<string, string> }
  | { name: 'not-found'; path: string };

export const CALLBACK_PATH = '/oauth/callback';

/** `a=1&b=2` after a hash route; a malformed escape keeps the raw text rather than failing the route. */
function queryParams(query: string): Record<string, string> {
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text.replaceAll('+', ' '));
    } catch {
      return text;
    }
  };
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=');
    if (at > 0) params[decode(pair.slice(0, at))] = decode(pair.slice(at + 1));
  }
  return params;
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/connections';
  const [pathPart = '', queryPart] = path.split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, second, third] = parts;
  switch (head) {
    case undefined:
    case 'connections':
      if (second === 'view' && third) return { name: 'connections', connectionId: third };
      return second ? { name: 'connections', tab: second } : { name: 'connections' };
    case 'workflows':
      return second ? { name: 'workflow', id: second } : { name: 'workflows' };
    case 'runs':
      if (second === 'runner') return third ? { name: 'runs', source: 'runner', runId: third } : { name: 'runs', source: 'runner' };
      return second ? { name: 'runs', runId: second } : { name: 'runs' };
    case 'settings':
      if (!second) return { name: 'settings' };
      return queryPart ? { name: 'settings', section: second, params: queryParams(queryPart) } : { name: 'settings', section: second };
    default:
      return { name: 'not-found', path };
  }
}

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  start(): () => void {
    const update = () => {
      this.route = parseHash(location.hash);
    };
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }
}

export const router = new Router();

export function navigate(hash: string): void {
  if (location.hash === hash) return;
  location.hash = hash;
}

/** Replaces the address without the OAuth parameters (RFC 9700 §4.2.4). */
export function replaceAddress(hash: string): void {
  history.replaceState(null, '', `/${hash}`);
  router.route = parseHash(hash);
}

/** A static host without rewrites may redirect the callback to its folder form, `/oauth/callback/`. */
export function isCallbackLocation(): boolean {
  return location.pathname === CALLBACK_PATH || location.pathname === `${CALLBACK_PATH}/`;
}

export function currentUrl(): string {
  return location.href;
}

export function redirectTo(url: string): void {
  location.assign(url);
}

export function appOrigin(): string {
  return location.origin;
}
