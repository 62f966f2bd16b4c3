import { Refusal } from './errors.ts';

/**
 * A body whose declared length is at most this is read whole and sent in one piece: the relay then
 * writes head and body in one socket write instead of two, which on loopback is most of its cost.
 * Anything larger, or of unknown length, streams.
 */
export const WHOLE_BODY_MAX_BYTES = 64 * 1024;

/** Passes a request body through while counting; past the cap the upload is cut off with a 413. */
export function cappedStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new Refusal('RELAY_BODY_TOO_LARGE'));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads a small body whole, as bytes, refusing it past the cap. */
export async function readCappedBytes(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedStream(body, maxBytes)) chunks.push(chunk);
  const joined = Buffer.concat(chunks);
  return new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.byteLength);
}

/** Reads a small body (token requests) whole as text, refusing it past the cap. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  return Buffer.from(await readCappedBytes(body, maxBytes)).toString('utf8');
}

export function declaredLength(value: string | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}
