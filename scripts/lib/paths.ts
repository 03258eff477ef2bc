// Where things live. The data folder (embedded PostgreSQL, n8n's user folder, generated
// local secrets) is project-local so that a clone is self-contained; heavy installs (Node 24,
// n8n) are cached outside the clone so that fresh clones and CI re-runs reuse them.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dataDir = path.resolve(repoRoot, process.env.CHRONOS_DATA_DIR ?? '.data');
export const cacheDir = path.resolve(process.env.CHRONOS_CACHE ?? path.join(os.homedir(), '.cache', 'chronos'));
export const migrationsDir = path.join(repoRoot, 'migrations');
