// Browser end-to-end set-up for the console: a test database, the real admin-api (serving
// the built console at /admin), one admin and one viewer user, an admin API key for seeding,
// and Debian's Chromium driven by playwright-core. Pages start signed in (the session is put
// in localStorage as the login page would) unless a test signs in through the form itself.
// Every page's console errors and uncaught exceptions are collected; `assertNoConsoleErrors`
// fails the suite on any, except the network log lines of responses a test provoked on purpose.
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { ensureChromium } from '../../scripts/lib/chromium.ts';
import { startTestApi, TEST_JWT_SECRET, UNLIMITED, type TestApi } from './api.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { request, type Reply } from './http.ts';

export const CONSOLE_PASSWORD = 'Console-Horse-9!';
export const ADMIN_EMAIL = 'admin@chronos.test';
export const VIEWER_EMAIL = 'viewer@chronos.test';

export type Role = 'admin' | 'viewer';

export type ConsoleEnv = {
  api: TestApi;
  pool: pg.Pool;
  database: TestDatabase;
  browser: Browser;
  /** An admin-scope API key, for seeding and checking through the API. */
  adminKey: string;
  /** admin-api call with the admin key (or `token`). */
  call(method: string, path: string, body?: unknown, token?: string): Promise<Reply>;
  /** A new browser page, signed in as `role` (or signed out with `role: null`), at /admin/#/`hash`. */
  open(options?: { role?: Role | null; hash?: string; locale?: string }): Promise<Page>;
  /**
   * The row count of `sql` once it reaches `expected`, or the last one after 15 s: a page may
   * show the outcome (a row gone from the list) before the request behind it has finished.
   */
  rowCountEventually(sql: string, params: unknown[], expected: number): Promise<number>;
  /** Console errors and page errors seen so far (all pages). */
  consoleErrors: string[];
  /**
   * Fails when a page logged an error. `expectedStatuses` lists HTTP statuses the test caused
   * on purpose (Chromium logs "Failed to load resource … status of 400" for those).
   */
  assertNoConsoleErrors(expectedStatuses?: number[]): void;
  close(): Promise<void>;
};

async function insertUser(pool: pg.Pool, email: string, role: Role): Promise<void> {
  const hash = await bcrypt.hash(CONSOLE_PASSWORD, 4);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO admin_users (email, password_hash, role, display_name, must_change_password)
     VALUES ($1, $2, $3, $4, false) RETURNING id`,
    [email, hash, role, role === 'admin' ? 'Ada Admin' : 'Vic Viewer'],
  );
  await pool.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [rows[0]!.id, hash]);
}

export async function startConsoleEnv(env: Record<string, string> = {}): Promise<ConsoleEnv> {
  const executablePath = ensureChromium();
  const database = await createTestDatabase();
  // CHRONOS_CONSOLE_DIR: a console built elsewhere (default admin-ui/dist, built by npm test).
  const consoleDir: Record<string, string> = process.env.CHRONOS_CONSOLE_DIR
    ? { CHRONOS_CONSOLE_DIR: process.env.CHRONOS_CONSOLE_DIR }
    : {};
  const api = await startTestApi(database.url, { JWT_SECRET: TEST_JWT_SECRET, ...consoleDir, ...env }, UNLIMITED);
  const pool = new pg.Pool({ connectionString: database.url });
  await insertUser(pool, ADMIN_EMAIL, 'admin');
  await insertUser(pool, VIEWER_EMAIL, 'viewer');
  const adminKey = (await createApiKey(pool, { name: 'console-tests', scopes: ['admin'] })).key;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  const sessions = new Map<Role, unknown>();
  const consoleErrors: string[] = [];

  const call: ConsoleEnv['call'] = (method, path, body, token) =>
    request(api.url, method, path, { token: token ?? adminKey, body });

  async function sessionFor(role: Role): Promise<unknown> {
    // One login per role per suite: the login limit is 5 per 15 minutes per account.
    if (!sessions.has(role)) {
      const email = role === 'admin' ? ADMIN_EMAIL : VIEWER_EMAIL;
      const reply = await request(api.url, 'POST', '/api/auth/login', { body: { email, password: CONSOLE_PASSWORD } });
      assert.equal(reply.status, 200, `login as ${role}: ${reply.text}`);
      sessions.set(role, reply.body);
    }
    return sessions.get(role);
  }

  const open: ConsoleEnv['open'] = async ({ role = 'admin', hash = '/', locale = 'en-US' } = {}) => {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    if (role) {
      const session = JSON.stringify(await sessionFor(role));
      await context.addInitScript((value: string) => {
        // Only on the first load of this context, so a test can sign out and stay signed out.
        if (
          (globalThis as { location?: { protocol: string } }).location?.protocol === 'http:' &&
          !sessionStorage.getItem('chronos.test.seeded')
        ) {
          localStorage.setItem('chronos.session', value);
          sessionStorage.setItem('chronos.test.seeded', '1');
        }
      }, session);
    }
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
    await page.goto(`${api.url}/admin/#${hash}`);
    return page;
  };

  return {
    api,
    pool,
    database,
    browser,
    adminKey,
    call,
    open,
    async rowCountEventually(sql, params, expected) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const count = (await pool.query(sql, params)).rowCount ?? 0;
        if (count === expected || Date.now() > deadline) return count;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    consoleErrors,
    assertNoConsoleErrors(expectedStatuses = []) {
      const unexpected = consoleErrors.filter(
        (line) =>
          !expectedStatuses.some((status) =>
            line.includes(`Failed to load resource: the server responded with a status of ${status}`),
          ),
      );
      assert.deepEqual(unexpected, [], 'the console logged errors');
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.close();
      await pool.end();
      await database.drop();
    },
  };
}
