import { AppError, originOf, type Connection, type DataCenter, type Service } from '../domain/index.ts';

/**
 * A request whose final URL passed the connection's origin allowlist. The brand is a module-private
 * symbol and every value is also remembered in a WeakSet, so neither the type checker nor a cast can
 * make an unchecked request acceptable to `sendChecked` (DESIGN.md convention 4; RFC 9700 §4.9).
 */
declare const checkedBrand: unique symbol;

export interface CheckedRequest {
  readonly [checkedBrand]: true;
  readonly connection: Connection;
  readonly service: Service;
  readonly dataCenter: DataCenter;
  /** A string, not a URL object: a URL could be changed after the check. */
  readonly url: string;
  /** The URL as written, when the data-centre mapping changed it. */
  readonly mappedFrom?: string;
}

const minted = new WeakSet<object>();

export function isChecked(value: object): value is CheckedRequest {
  return minted.has(value);
}

export interface MappedUrl {
  url: URL;
  mappedFrom?: string;
}

/**
 * URLs written for a provider's main hosts (https://www.zohoapis.com, https://books.zoho.com …) go to
 * the connection's data centre; the main API host goes to the `api_domain` the provider gave.
 */
export function mapToDataCenter(
  rawUrl: string,
  query: Record<string, string> | undefined,
  dataCenter: DataCenter,
  apiOrigin: string | undefined,
): MappedUrl {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AppError('VALIDATION', `"${rawUrl.slice(0, 200)}" is not a full URL (it needs https:// and a host).`);
  }
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.append(key, value);
  const written = url.toString();
  let target = dataCenter.hostMap[url.origin];
  if (target !== undefined && apiOrigin && target === dataCenter.apiOrigins[0]) target = apiOrigin;
  if (target === undefined || target === url.origin) return { url };
  const mapped = new URL(url.pathname + url.search + url.hash, target);
  return { url: mapped, mappedFrom: written };
}

/** Maps, then refuses any origin outside the data centre's allowlist — before anything is sent. */
export function checkRequest(
  service: Service,
  dataCenter: DataCenter,
  connection: Connection,
  rawUrl: string,
  query?: Record<string, string>,
): CheckedRequest {
  const { url, mappedFrom } = mapToDataCenter(rawUrl, query, dataCenter, connection.apiOrigin);
  const origin = originOf(url.toString());
  const allowed = dataCenter.apiOrigins;
  if (url.username || url.password || !origin || !allowed.includes(origin)) {
    throw new AppError(
      'CONN_ORIGIN_NOT_ALLOWED',
      `Connection "${connection.linkName}" may send its credentials only to ${allowed.join(', ')}; ${origin && origin !== 'null' ? origin : 'this URL'} is not one of them. Nothing was sent.`,
      { linkName: connection.linkName },
    );
  }
  const checked = { connection, service, dataCenter, url: url.toString(), ...(mappedFrom ? { mappedFrom } : {}) } as CheckedRequest;
  minted.add(checked);
  return Object.freeze(checked);
}
