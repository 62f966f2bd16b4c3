import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * Keep-alive agents shared by every forwarded request, so the relay reuses its connections to a
 * provider rather than opening one per request. Node's own HTTP client rather than Node 20's fetch:
 * under `npm run bench:relay` fetch was the relay's largest JavaScript cost and made its resident
 * size grow with the number of requests (docs/adr/0002-relay.md).
 */
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/** RFC 9110 §6.4.1: these answers never carry content. */
function hasNoContent(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

function answerOf(request: Request, res: IncomingMessage): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = res.statusCode ?? 502;
  const body = hasNoContent(request.method, status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  if (!body) res.resume();
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/**
 * A `fetch` for Hono's `proxy()` over node:http(s): one attempt, redirects never followed (the
 * caller refuses them), the request's signal aborting the exchange at any point.
 */
export function forwardFetch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  return new Promise<Response>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, agent, signal: request.signal }, (res) => resolve(answerOf(request, res)));
    outgoing.on('error', (error) => reject(request.signal.aborted ? request.signal.reason : error));
    if (!request.body) outgoing.end();
    else
      pipeline(Readable.fromWeb(request.body as NodeReadableStream), outgoing).catch((error: unknown) => {
        outgoing.destroy();
        reject(error);
      });
  });
}
