import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
  query: URLSearchParams;
}

export type TokenReply = { status: number; body: string };

/** A small OAuth 2.0 server on loopback: real HTTP, every request recorded, answers scripted per test. */
export class ProviderServer {
  readonly seen: SeenRequest[] = [];
  origin = '';
  issueRefresh = true;
  refreshReply: (() => TokenReply) | null = null;
  tokenDelayMs = 0;
  private server: Server | null = null;
  private counter = 0;

  static challengeOf(verifier: string): string {
    return createHash('sha256').update(verifier).digest('base64url');
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  count(path: string, grantType?: string): number {
    return this.seen.filter((r) => r.path === path && (grantType === undefined || r.form.get('grant_type') === grantType)).length;
  }

  private async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      form: new URLSearchParams(body),
      query: url.searchParams,
    };
    this.seen.push(seen);
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(text);
    };
    if (url.pathname === '/.well-known/oauth-authorization-server') {
      return send(
        200,
        JSON.stringify({
          issuer: this.origin,
          authorization_endpoint: `${this.origin}/authorize`,
          token_endpoint: `${this.origin}/token`,
          authorization_response_iss_parameter_supported: true,
        }),
      );
    }
    if (url.pathname === '/token') {
      if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
      const grant = seen.form.get('grant_type');
      if (grant === 'refresh_token' && this.refreshReply) {
        const reply = this.refreshReply();
        return send(reply.status, reply.body);
      }
      this.counter += 1;
      return send(
        200,
        JSON.stringify({
          access_token: `access-${this.counter}-SECRET`,
          ...(this.issueRefresh ? { refresh_token: `refresh-${this.counter}-SECRET` } : {}),
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    }
    if (url.pathname === '/revoke') return send(200, '{}');
    if (url.pathname.startsWith('/api/')) return send(200, JSON.stringify({ ok: true }));
    send(404, '{"error":"not_found"}');
  }
}
