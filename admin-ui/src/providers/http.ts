// One HTTP client for the console: adds the session token, speaks JSON, and turns
// problem+json errors into react-admin's HttpError (message shown in the notification,
// `body.errors` placed under the form fields by react-admin).
import { fetchUtils } from 'react-admin';
import { readSession } from './session.ts';

export const API_ROOT = '/api/v1';

export function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const session = readSession();
  if (session) headers.set('Authorization', `Bearer ${session.token}`);
  return fetchUtils.fetchJson(url, { ...options, headers });
}

/** A call outside the list/CRUD contract (rotate, verify, reschedule…). */
export async function apiCall<T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: T }> {
  const url = path.startsWith('/') ? path : `${API_ROOT}/${path}`;
  const response = await httpClient(url, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: response.json as T };
}
