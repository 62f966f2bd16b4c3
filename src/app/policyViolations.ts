/**
 * Remembers which origins the page's Content Security Policy refused to connect to. A fetch that the
 * CSP blocks rejects with the same bare TypeError as a server that is down; only the
 * `securitypolicyviolation` event tells the two apart.
 * The policy cannot change while the page lives, so an origin once refused stays refused.
 * @see https://www.w3.org/TR/CSP3/#violation-events
 */
const blockedOrigins = new Set<string>();

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function watchPolicyViolations(target: Pick<Document, 'addEventListener'> = document): void {
  target.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective !== 'connect-src') return;
    const origin = originOf(event.blockedURI);
    if (origin) blockedOrigins.add(origin);
  });
}

/** The violation event is queued as a task after the fetch fails, so give it a moment to arrive. */
const EVENT_GRACE_MS = 100;

export async function blockedByPolicy(url: string): Promise<boolean> {
  const origin = originOf(url);
  if (!origin) return false;
  if (blockedOrigins.has(origin)) return true;
  await new Promise((resolve) => setTimeout(resolve, EVENT_GRACE_MS));
  return blockedOrigins.has(origin);
}
