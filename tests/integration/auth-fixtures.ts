// Shared set-up of the auth-* and users-* tests: an API with a known JWT secret and
// `trust proxy` on (so a test can pose as different client addresses with X-Forwarded-For),
// users inserted straight into the database, and a small HTTP client.
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request, type Reply } from '../helpers/http.ts';

export const PASSWORD = 'Correct-Horse-9!';

export type { Reply };

export type AuthEnv = {
  api: TestApi;
  pool: pg.Pool;
  database: TestDatabase;
  adminKey: string;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  login(email: string, password?: string, ip?: string): Promise<Reply>;
  /** Inserts a user (cost-4 hash: fast set-up; the API itself hashes with cost 12). */
  createUser(email: string, role?: 'admin' | 'viewer', password?: string): Promise<string>;
  close(): Promise<void>;
};

export async function startAuthEnv(): Promise<AuthEnv> {
  const database = await createTestDatabase();
  const api = await startTestApi(database.url, { JWT_SECRET: TEST_JWT_SECRET, TRUST_PROXY: 'true' });
  const pool = new pg.Pool({ connectionString: database.url });
  const adminKey = (await createApiKey(pool, { name: 'root', scopes: ['admin'] })).key;

  const call: AuthEnv['call'] = (method, path, options = {}) =>
    request(api.url, method, path, {
      token: options.token,
      body: options.body,
      headers: { 'x-forwarded-for': options.ip ?? '10.0.0.1', ...options.headers },
    });

  return {
    api,
    pool,
    database,
    adminKey,
    call,
    login: (email, password = PASSWORD, ip = '10.0.0.1') =>
      call('POST', '/api/auth/login', { body: { email, password }, ip }),
    createUser: async (email, role = 'admin', password = PASSWORD) => {
      const hash = await bcrypt.hash(password, 4);
      const result = await pool.query<{ id: string }>(
        `INSERT INTO admin_users (email, password_hash, role, display_name) VALUES ($1, $2, $3, $4) RETURNING id`,
        [email, hash, role, email.split('@')[0]],
      );
      const id = result.rows[0]!.id;
      await pool.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [id, hash]);
      return id;
    },
    close: async () => {
      await api.close();
      await pool.end();
      await database.drop();
    },
  };
}
