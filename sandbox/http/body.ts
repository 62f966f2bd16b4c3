import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw new BodyTooLarge(`request body exceeds ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Form fields from an urlencoded or multipart body; other media types give an empty map. */
export function formFields(req: IncomingMessage, raw: Buffer): Map<string, string> {
  const type = mediaType(req);
  if (type === 'application/x-www-form-urlencoded') {
    return new Map(new URLSearchParams(raw.toString('utf8')));
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    const value = boundary?.[1] ?? boundary?.[2];
    return value ? parseMultipart(raw, value.trim()) : new Map();
  }
  return new Map();
}

/** Text fields of a multipart/form-data body (RFC 7578); file parts are kept as UTF-8 text. */
export function parseMultipart(raw: Buffer, boundary: string): Map<string, string> {
  const fields = new Map<string, string>();
  const text = raw.toString('utf8');
  for (const part of text.split(`--${boundary}`)) {
    if (part.startsWith('--') || part.trim() === '') continue;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    fields.set(name, value);
  }
  return fields;
}
