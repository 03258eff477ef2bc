// ra-data-simple-rest speaks admin-api's list contract as it is (filter/range/sort,
// Content-Range). Extra methods cover the actions that are not CRUD, so pages call them
// through useDataProvider() and react-query like everything else.
import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import { API_ROOT, apiCall, httpClient } from './http.ts';

export type ChronosDataProvider = DataProvider & {
  /** Any admin-api call: `path` relative to /api/v1 (or absolute from /). */
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
};

const base = simpleRestProvider(API_ROOT, httpClient, 'Content-Range');

export const dataProvider: ChronosDataProvider = {
  ...base,
  async call(method, path, body) {
    const { json } = await apiCall(method, path, body);
    return json as never;
  },
};
