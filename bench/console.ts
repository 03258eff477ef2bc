// Benchmark of the console (issue #8):
//   1. production bundle: gzipped size of all JavaScript, and of what the first page load
//      fetches (the entry chunk and its static imports)        target: all JS ≤ 700 KB gzipped
//   2. navigation → events list rendered with 50 rows, on a 1,000,000-event database, in
//      headless Chromium (Debian's, through playwright-core), against a real admin-api process;
//      a cold load (new browser context: empty cache) and warm reloads      target ≤ 1.5 s
//   3. console errors seen during these loads                                  target: none
//   node bench/console.ts [events=1000000] [warm runs=5]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { buildConsole } from '../scripts/build.ts';
import { ensureChromium } from '../scripts/lib/chromium.ts';
import { repoRoot } from '../scripts/lib/paths.ts';
import { generateEvents } from './event-data.ts';
import { fmt, startApi, startDatabase } from './lib.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const WARM_RUNS = Number(process.argv[3] ?? 5);
const PASSWORD = 'Bench-Horse-9!';
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

function bundleFigures() {
  buildConsole();
  const dist = path.join(repoRoot, 'admin-ui', 'dist');
  const assets = path.join(dist, 'assets');
  const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const total = js.reduce((sum, f) => sum + gzip(path.join(assets, f)), 0);
  // What the first load fetches: the entry script plus its modulepreload links.
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/admin\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const initialSize = initial.reduce((sum, f) => sum + gzip(path.join(assets, f)), 0);
  const largest = js
    .map((f) => ({ f, size: gzip(path.join(assets, f)) }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 5);
  console.log('bundle:');
  console.log(`  all JavaScript     ${kb(total)} gzipped in ${js.length} files (target ≤ 700 KB)`);
  console.log(`  first load         ${kb(initialSize)} gzipped (${initial.length} files)`);
  console.log(`  largest chunks     ${largest.map(({ f, size }) => `${f} ${kb(size)}`).join(', ')}`);
}

async function listTiming() {
  const db = await startDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // pool.end() resolves before its connections are gone; stopping PostgreSQL right after cuts
  // them, which is expected here.
  pool.on('error', () => undefined);
  const consoleErrors: string[] = [];
  try {
    await generateEvents(pool, EVENTS);
    const hash = await bcrypt.hash(PASSWORD, 12);
    await pool.query(
      `INSERT INTO admin_users (email, password_hash, role, must_change_password) VALUES ('bench@chronos.test', $1, 'admin', false)`,
      [hash],
    );
    const api = await startApi(db.url);
    const browser = await chromium.launch({
      executablePath: ensureChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    try {
      const login = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@chronos.test', password: PASSWORD }),
      });
      const session = JSON.stringify(await login.json());
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      // Only on the console's own pages (about:blank between loads has no storage).
      await context.addInitScript((value: string) => {
        if ((globalThis as { location?: { protocol: string } }).location?.protocol === 'http:')
          localStorage.setItem('chronos.session', value);
      }, session);
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      const rows = page.locator('.RaDatagrid-tbody > tr');

      const measure = async (load: () => Promise<unknown>) => {
        const started = performance.now();
        await load();
        // A locator, not waitForFunction: the console's CSP forbids evaluating strings.
        await rows.nth(49).waitFor({ timeout: 30_000 });
        return performance.now() - started;
      };
      const cold = await measure(() => page.goto(`${api.url}/admin/#/events`));
      const shown = await rows.count();
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        await page.goto('about:blank');
        warm.push(await measure(() => page.goto(`${api.url}/admin/#/events`)));
      }
      warm.sort((a, b) => a - b);
      console.log(`events list (${fmt(EVENTS)} events, ${shown} rows shown):`);
      console.log(`  cold (empty cache) ${fmt(cold)} ms (target ≤ 1,500 ms)`);
      console.log(
        `  warm               median ${fmt(warm[Math.floor(warm.length / 2)]!)} ms, max ${fmt(warm.at(-1)!)} ms over ${WARM_RUNS} loads`,
      );
    } finally {
      await browser.close();
      await api.close();
    }
  } finally {
    await pool.end();
    await db.stop();
  }
  console.log(
    `console errors      ${consoleErrors.length}${consoleErrors.length ? `: ${consoleErrors.join(' | ')}` : ''}`,
  );
}

bundleFigures();
await listTiming();
