// A real n8n 2.x for the end-to-end suites and benchmarks: its own database (a URL), the
// Chronos package installed into a fresh user folder the way production installs it, an owner
// with a random password, offline settings (scripts/lib/n8n.ts). stop() also removes the
// user folder when this helper created it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installChronosPackage, startN8n, type N8nOwner, type N8nProcess } from '../../scripts/lib/n8n.ts';
import { freePort } from '../../scripts/lib/postgres.ts';

export type TestN8n = N8nProcess & { owner: N8nOwner; userFolder: string };

export async function startTestN8n(options: { databaseUrl: string; userFolder?: string }): Promise<TestN8n> {
  const bin = process.env.CHRONOS_N8N_BIN;
  if (!bin) throw new Error('CHRONOS_N8N_BIN is not set: run through npm test (or scripts/bootstrap.mjs)');
  const ownFolder = !options.userFolder;
  const userFolder =
    options.userFolder ?? fs.mkdtempSync(path.join(process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir(), 'n8n-'));
  installChronosPackage(userFolder);
  const db = new URL(options.databaseUrl);
  const owner = { email: 'owner@chronos.test', password: `Owner-${randomBytes(6).toString('hex')}-1` };
  const n8n = await startN8n({
    bin,
    userFolder,
    port: await freePort(),
    database: {
      host: db.hostname,
      port: Number(db.port),
      name: decodeURIComponent(db.pathname.slice(1)),
      user: decodeURIComponent(db.username),
      password: decodeURIComponent(db.password),
    },
    owner,
    encryptionKey: randomBytes(24).toString('hex'),
  });
  return {
    ...n8n,
    owner,
    userFolder,
    stop: async () => {
      await n8n.stop();
      if (ownFolder) fs.rmSync(userFolder, { recursive: true, force: true });
    },
  };
}
