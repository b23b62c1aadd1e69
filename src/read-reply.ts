/**
 * Reads a reply's body into memory, counting bytes as they arrive, and stops at a limit.
 *
 * @module
 */
import { ResponseTooLargeError } from './errors.ts';

/**
 * The whole body of `response`, or a {@link ResponseTooLargeError} as soon as it passes `limit` bytes (or its
 * `Content-Length` says it will); the body stream is then cancelled, which closes the connection.
 *
 * @remarks
 * Errors of the stream itself (a reset connection, an abort) are passed on as they are: the caller knows whether
 * the request was aborted and what a network failure means for it.
 *
 * @param response - The reply, its body not yet read.
 * @param limit - The most bytes to accept.
 * @param request - The request it answers, whose method and URL (without its query) the error names.
 *
 * @example
 * ```ts
 * const bytes = await readReply(response, 10 * 1024 * 1024, request);
 * ```
 */
export async function readReply(
  response: Response,
  limit: number,
  request: Request,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = response.body;
  // Named only when it is too large: serialising a request's URL costs a little on every reply.
  const tooLarge = () => new ResponseTooLargeError(limit, request.method, request.url.replace(/\?.*/s, ''));
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  // One chunk (most replies) is the body already: no copy.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
