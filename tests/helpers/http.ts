// One small HTTP client for the integration tests: sends JSON with a bearer credential and
// returns status, headers, the parsed body (JSON when the answer is JSON, else the text) and
// the raw text (to assert that something secret does *not* appear in it).

// JSON.parse gives `any`: tests read whatever the API returned without casts.
export type Reply = { status: number; headers: Headers; body: ReturnType<typeof JSON.parse>; text: string };

export type RequestOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    body: text && isJson ? JSON.parse(text) : text || null,
    text,
  };
}
