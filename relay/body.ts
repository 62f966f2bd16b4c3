import { Refusal } from './errors.ts';

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

/** Reads a small body (token requests) whole, refusing it past the cap. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedStream(body, maxBytes)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function declaredLength(value: string | undefined): number | null {
  if (value === undefined) return null;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}
