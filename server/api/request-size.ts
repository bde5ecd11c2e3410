// How large one tRPC request may be; shared by the server's limits and the browser's batching
// (client-safe: no server imports).

/** The client batches at most this many calls (httpBatchLink `maxItems`); the app's busiest
 * screen sends fewer than ten at once. */
export const MAX_BATCH_CALLS = 20;

/** The largest input the app takes is a 5,000-character note; 1 MB leaves room for any form. */
export const MAX_BODY_BYTES = 1_000_000;
