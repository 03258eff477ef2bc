// `npm run api-key -- create --name <name> --scopes a,b [--level high] [--expires-in-days N]`
// Creates an API key and prints it once (only its hash is stored). For the first key, before
// the console exists; later keys are made in the console or through the API.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SCOPES, type Scope } from '../admin-api/src/modules/api-keys/scopes.ts';
import { createApiKey } from '../admin-api/src/modules/api-keys/service.ts';
import { KEY_LEVELS, type KeyLevel } from '../admin-api/src/modules/api-keys/key-format.ts';
import { cliDatabaseUrl } from './lib/database-url.ts';

const usage = `usage: npm run api-key -- create --name <name> --scopes <scope,...> [--level standard|high] [--expires-in-days N]
scopes: ${SCOPES.join(', ')}`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    scopes: { type: 'string' },
    level: { type: 'string', default: 'standard' },
    'expires-in-days': { type: 'string' },
  },
});
if (positionals[0] !== 'create') fail('unknown command');
if (!values.name?.trim()) fail('--name is required');
const scopes = (values.scopes ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (scopes.length === 0 || unknown.length > 0)
  fail(`--scopes ${unknown.length ? `has unknown scopes: ${unknown.join(', ')}` : 'is required'}`);
if (!(KEY_LEVELS as readonly string[]).includes(values.level!)) fail('--level must be standard or high');
const days = values['expires-in-days'];
if (days !== undefined && !/^[1-9]\d*$/.test(days)) fail('--expires-in-days must be a positive whole number');

const pool = new pg.Pool({ connectionString: cliDatabaseUrl(), max: 1 });
try {
  const { row, key } = await createApiKey(pool, {
    name: values.name!.trim(),
    scopes: scopes as Scope[],
    level: values.level as KeyLevel,
    expiresAt: days ? new Date(Date.now() + Number(days) * 86_400_000) : null,
  });
  console.log(
    `API key "${row.name}" (${row.id}), scopes ${row.scopes.join(', ')}${row.expires_at ? `, expires ${row.expires_at.toISOString()}` : ''}:`,
  );
  console.log(key);
  console.log('This is the only time the key is shown; store it now.');
} finally {
  await pool.end();
}
