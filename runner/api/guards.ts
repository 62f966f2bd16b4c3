import type { IncomingMessage } from 'node:http';
import { RunnerError } from '../errors.ts';
import type { Pairings } from './pairing.ts';

/**
 * DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 still sends its own Host,
 * so only the runner's loopback names are answered.
 */
export function checkHost(req: IncomingMessage, port: number): void {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new RunnerError(
      'RUNNER_HOST_REFUSED',
      `This runner answers only at http://127.0.0.1:${port} or http://localhost:${port}; the request named "${host.slice(0, 100)}".`,
    );
  }
}

/** A request from a web page: only from an origin that paired (the pairing request itself excepted). */
export function checkOrigin(origin: string | undefined, pairings: Pairings): void {
  if (origin === undefined) return;
  if (!pairings.isPairedOrigin(origin)) {
    throw new RunnerError(
      'RUNNER_ORIGIN_REFUSED',
      `Pages from ${origin.slice(0, 100)} may not use this runner; pair the app first ("npm run runner -- pair").`,
    );
  }
}

/**
 * The caller's pairing token from `Authorization: Bearer <token>`, once checked: known, and from a
 * page only when the page is the origin that paired.
 */
export function checkToken(req: IncomingMessage, pairings: Pairings): string {
  const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '')?.[1];
  const origin = token === undefined ? undefined : pairings.originOf(token);
  if (token === undefined || origin === undefined) {
    throw new RunnerError(
      'RUNNER_UNPAIRED',
      'This runner does not know the caller: pair the app with "npm run runner -- pair" and enter the code under Settings.',
    );
  }
  const from = req.headers.origin;
  if (from !== undefined && from !== origin) {
    throw new RunnerError('RUNNER_ORIGIN_REFUSED', `This pairing belongs to ${origin}, not to ${from.slice(0, 100)}.`);
  }
  return token;
}
