// One POST with node:http(s) over keep-alive agents. fetch (undici) was about 40 % of the
// relay's CPU per delivery — WHATWG streams and request/response objects for a small JSON
// body — and the relay does little else, so deliveries use the plain client.
import http from 'node:http';
import https from 'node:https';

const EXCERPT_BYTES = 1024;
/** Answers longer than this are cut off (the connection is dropped rather than drained). */
const DRAIN_LIMIT = 64 * 1024;

const agents: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

export type PostResult = { status: number; retryAfter: string | null; excerpt: string | undefined };

/** POSTs `body`; resolves with the status and the first bytes of the answer, rejects on network errors. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    // Set once the status line is in: from then on an error (timeout, hang-up mid-body) ends
    // the answer with what arrived; before that, it fails the delivery.
    let finish: (() => void) | undefined;
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: agents[target.protocol],
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        finish = () => {
          if (done) return;
          done = true;
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            excerpt: size ? Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8') : undefined,
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > DRAIN_LIMIT) {
            response.destroy();
            finish?.();
          }
        });
        response.on('end', () => finish?.());
        response.on('error', () => finish?.());
        response.on('aborted', () => finish?.());
      },
    );
    request.on('error', (error) => (finish ? finish() : reject(error)));
    request.end(body);
  });
}
