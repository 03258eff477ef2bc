// A minimal HTTP/1.1 client over node:net (node:tls loaded only for https URLs): one request
// per connection (Connection: close), a total deadline, a bounded response. node:http alone
// costs ~14 MB of RSS at start and fetch more; the agent's budget is < 60 MB, and it only ever
// sends small JSON requests and reads status codes and small JSON answers.
import net from 'node:net';

export type HttpResponse = { status: number; headers: Record<string, string>; body: string };

export type HttpRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Largest response accepted (head + body); larger answers fail. */
  maxBytes?: number;
  /** Resolve as soon as the status line and headers are in (service health checks). */
  headOnly?: boolean;
};

export class HttpError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type Socket = net.Socket;

async function connect(url: URL, timeoutMs: number): Promise<Socket> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'https:') {
    const tls = await import('node:tls');
    return tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, timeout: timeoutMs });
  }
  return net.connect({ host, port, timeout: timeoutMs });
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!match) throw new HttpError('EPROTO', 'not an HTTP/1.x response');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(match[1]), headers };
}

function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw new HttpError('EPROTO', 'truncated chunked body');
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new HttpError('EPROTO', 'bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  const socket = await connect(url, req.timeoutMs);
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = {
    host: url.host,
    connection: 'close',
    'user-agent': 'chronos-agent',
    accept: 'application/json, */*',
    ...req.headers,
    ...(body ? { 'content-length': String(body.length) } : {}),
  };
  const head =
    `${req.method} ${url.pathname}${url.search} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';

  return new Promise<HttpResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const deadline = setTimeout(
      () => finish(new HttpError('ETIMEDOUT', `timed out after ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    const complete = (ended: boolean) => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) {
        if (ended) finish(new HttpError('EPROTO', 'connection closed before the response head'));
        return;
      }
      const { status, headers: resHeaders } = parseHead(all.subarray(0, split).toString('latin1'));
      if (req.headOnly || status === 204 || status === 304) {
        finish(null, { status, headers: resHeaders, body: '' });
        return;
      }
      let raw: Buffer = all.subarray(split + 4);
      const length = resHeaders['content-length'];
      if (length !== undefined) {
        if (raw.length < Number(length)) {
          if (ended) finish(new HttpError('EPROTO', 'connection closed mid-body'));
          return;
        }
        raw = raw.subarray(0, Number(length));
      } else {
        // No length: with Connection: close the body ends when the server closes.
        if (!ended) return;
        if (/chunked/i.test(resHeaders['transfer-encoding'] ?? '')) raw = decodeChunked(raw);
      }
      finish(null, { status, headers: resHeaders, body: raw.toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(new HttpError('E2BIG', `response larger than ${maxBytes} bytes`));
      chunks.push(chunk);
      try {
        complete(false);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.on('end', () => {
      try {
        complete(true);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.on('timeout', () => finish(new HttpError('ETIMEDOUT', `timed out after ${req.timeoutMs} ms`)));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(new HttpError(error.code ?? 'EIO', error.message)));
    socket.write(head);
    if (body) socket.write(body);
  });
}
