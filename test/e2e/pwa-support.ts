import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page } from '@playwright/test';
import { securityHeaders } from '../../scripts/security-headers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * How a static host without rewrites answers `/oauth/callback`: `folder` redirects to the folder form
 * (`/oauth/callback/`, query kept) and serves its index.html, as nginx, Apache and S3 do; `extension`
 * serves `oauth/callback.html`, as hosts with "clean URLs" do.
 */
export type HostLayout = 'folder' | 'extension';

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Plain files from a folder, with the app's security headers; the folder can be swapped to deploy another build. */
export class StaticHost {
  private server: Server | null = null;
  private root = '';
  /** `status path` of every answer, in order. */
  readonly answered: string[] = [];

  constructor(private readonly layout: HostLayout = 'folder') {}

  /** Listens on a port the system picks, so it never collides with another run. */
  async start(root: string): Promise<string> {
    this.deploy(root);
    const server = createServer((req, res) => {
      void this.answer(req.url ?? '/').then(({ status, headers, body }) => {
        this.answered.push(`${status} ${new URL(req.url ?? '/', 'http://host').pathname}`);
        res.writeHead(status, { ...securityHeaders, 'Cache-Control': 'no-cache', ...headers });
        res.end(body);
      });
    });
    this.server = server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    // 127.0.0.1 is a secure context (W3C Secure Contexts §3.2), so service workers run on it.
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  deploy(root: string): void {
    this.root = resolve(root);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  private async answer(rawUrl: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
    const url = new URL(rawUrl, 'http://host');
    const path = join(this.root, decodeURIComponent(url.pathname));
    if (relative(this.root, path).startsWith('..')) return { status: 403, headers: {}, body: 'Forbidden' };
    let file: string | null = null;
    if (url.pathname.endsWith('/')) file = join(path, 'index.html');
    else if (await isFile(path)) file = path;
    else if (this.layout === 'extension' && (await isFile(`${path}.html`))) file = `${path}.html`;
    else if (this.layout === 'folder' && (await isFolder(path)))
      return { status: 301, headers: { Location: `${url.pathname}/${url.search}` }, body: '' };
    if (!file || !(await isFile(file))) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not found' };
    return { status: 200, headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }, body: await readFile(file) };
  }
}

/** A production build of the app into `outDir`; `env` reaches vite.config.ts (e.g. BUILD_LABEL). */
export async function buildApp(outDir: string, env: Record<string, string>): Promise<void> {
  await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir], { env: { ...process.env, ...env } });
}

/** Waits until the page is controlled by an activated service worker, reloading once after the first install. */
export async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none')).toBe('activated');
}

export interface CachedEntry {
  cache: string;
  url: string;
  body: string;
}

/** Every entry of every Cache Storage cache of the page's origin, with its body as text. */
export function dumpCacheStorage(page: Page): Promise<CachedEntry[]> {
  return page.evaluate(async () => {
    const entries: CachedEntry[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({ cache: name, url: request.url, body: response ? await response.text() : '' });
      }
    }
    return entries;
  });
}

/** The URLs Workbox precaches, read from the built sw.js the way bench/bundle.ts reads them. */
export async function precacheList(origin: string): Promise<string[]> {
  const sw = await (await fetch(`${origin}/sw.js`)).text();
  return [...new Set([...sw.matchAll(/\burl:\s*"([^"]+)"/g)].map((m) => new URL(m[1]!, `${origin}/`).href))];
}
