export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** `grant_type` of a token request: the one body field recorded, so tests can count refreshes. */
  grantType?: string;
  /** Set when an injected fault shaped the answer. */
  fault?: string;
}

const KEEP = 2000;
/** Query keys whose values are secrets (codes, tokens, verifiers, keys) and are never recorded. */
const SECRET_KEY = /code|token|secret|verifier|password|key|assertion/i;

export function redactQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  return out;
}

export class RequestLog {
  private seq = 0;
  private items: LoggedRequest[] = [];

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.items.push({ seq: ++this.seq, ...entry });
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
  }

  since(seq: number): LoggedRequest[] {
    return this.items.filter((e) => e.seq > seq);
  }

  lastSeq(): number {
    return this.seq;
  }
}
