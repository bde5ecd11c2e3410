// Reads a request body up to a limit, counting what actually arrives (Content-Length may be absent
// with chunked encoding, or wrong): null when it is larger, so nobody can make the server buffer more.

/** The body's bytes, or null when more than `max` bytes arrive (the rest is not read). */
export async function readBodyAtMost(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
