// `npm run deploy:check` (scripts/check-config.ts) as a real process on a generated docker/.env:
// OK on what deploy:env writes, and for each class of problem it exits 1 naming the variable —
// without ever printing a secret's value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envValues, formatAssignment, parseEnvFile } from '../../scripts/lib/deploy-env-file.ts';
import { SECRET_VARIABLES } from '../../scripts/lib/deploy-checks.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-check-config-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
const generated = path.join(work, 'generated.env');
let base = '';

before(() => {
  const run = spawnSync(process.execPath, ['scripts/deploy-env.ts', '--file', generated], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  base = fs.readFileSync(generated, 'utf8');
});

let counter = 0;
/** The generated file with some variables replaced (undefined: the line removed). */
function variant(changes: Record<string, string | undefined>, fileMode = 0o600): string {
  const file = path.join(work, `variant-${++counter}.env`);
  const lines = base.split('\n').flatMap((line) => {
    const name = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    if (!name || !(name in changes)) return [line];
    const value = changes[name];
    return value === undefined ? [] : [formatAssignment(name, value)];
  });
  fs.writeFileSync(file, lines.join('\n'), { mode: fileMode });
  fs.chmodSync(file, fileMode);
  return file;
}

function check(file: string, shell: Record<string, string> = {}) {
  // A clean environment: like docker compose, check-config lets the shell's variables win.
  const run = spawnSync(process.execPath, ['scripts/check-config.ts', '--file', file], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...shell },
  });
  const output = run.stdout + run.stderr;
  // Whatever the outcome, no secret of the file appears in the output.
  const values = fs.existsSync(file) ? envValues(parseEnvFile(fs.readFileSync(file, 'utf8')).lines) : new Map();
  for (const name of SECRET_VARIABLES) {
    const secret = values.get(name);
    if (secret && secret.length >= 6) assert.ok(!output.includes(secret), `${name}'s value was printed`);
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Asserts exit 1 and one problem line per expected variable. */
function assertProblems(file: string, expected: Array<[string, RegExp]>): void {
  const run = check(file);
  assert.equal(run.status, 1, `expected problems, got: ${run.stdout}`);
  for (const [variable, message] of expected) {
    const line = run.stderr.split('\n').find((l) => l.startsWith(`  - ${variable} `) && message.test(l));
    assert.ok(line, `no problem "${variable} ${message}" in:\n${run.stderr}`);
  }
}

describe('check-config', () => {
  it('passes on a docker/.env written by deploy:env, with one OK line', () => {
    const run = check(generated);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^check-config: .* is OK .*\n$/);
  });

  it('names every required variable that is missing or empty', () => {
    assertProblems(variant({ JWT_SECRET: undefined, N8N_ENCRYPTION_KEY: '', N8N_PUBLIC_URL: undefined }), [
      ['JWT_SECRET', /is not set/],
      ['N8N_ENCRYPTION_KEY', /is not set/],
      ['N8N_PUBLIC_URL', /is not set/],
    ]);
  });

  it('names values in a wrong format', () => {
    assertProblems(
      variant({
        BIND_ADDRESS: 'localhost',
        ADMIN_API_HOST_PORT: '99999',
        N8N_PUBLIC_URL: 'ftp://n8n.example.com/',
        TIMEZONE: 'Mars/Olympus',
        CHRONOS_DB_NAME: 'Chronos-DB',
        BACKUP_S3_BUCKET: 'Backups_Here',
        CHRONOS_ADMIN_EMAIL: 'not-an-address',
        N8N_WORKER_CONCURRENCY: '0',
      }),
      [
        ['BIND_ADDRESS', /must be an IPv4 address/],
        ['ADMIN_API_HOST_PORT', /must be a port number/],
        ['N8N_PUBLIC_URL', /must be an http\(s\) URL/],
        ['TIMEZONE', /IANA time zone/],
        ['CHRONOS_DB_NAME', /lower-case name/],
        ['BACKUP_S3_BUCKET', /S3 bucket name/],
        ['CHRONOS_ADMIN_EMAIL', /e-mail address/],
        ['N8N_WORKER_CONCURRENCY', /at least 1/],
      ],
    );
  });

  it('names passwords and keys that are too short or too weak', () => {
    assertProblems(
      variant({
        POSTGRES_PASSWORD: 'short',
        MINIO_ROOT_PASSWORD: 'x'.repeat(41),
        N8N_ENCRYPTION_KEY: 'too-short-for-n8n',
        CHRONOS_ADMIN_PASSWORD: 'alllowercaseletters',
        N8N_OWNER_PASSWORD: 'nouppercase1',
      }),
      [
        ['POSTGRES_PASSWORD', /too short: at least 16/],
        ['MINIO_ROOT_PASSWORD', /too long: at most 40/],
        ['N8N_ENCRYPTION_KEY', /too short: at least 32/],
        ['CHRONOS_ADMIN_PASSWORD', /too weak .* an upper-case letter/],
        ['N8N_OWNER_PASSWORD', /upper-case letter/],
      ],
    );
  });

  it('names values that disagree with each other', () => {
    const values = envValues(parseEnvFile(base).lines);
    assertProblems(
      variant({
        // The roles are created with *_PASSWORD; URLs holding another password would not connect.
        CHRONOS_DB_PASSWORD: 'AnotherPassword0123456789',
        BACKUP_N8N_DATABASE_URL: values.get('BACKUP_N8N_DATABASE_URL')!.replace(/\/n8n$/, '/n8n_other'),
        REDIS_URL: values.get('REDIS_URL')!.replace(/\/1$/, '/0'),
        REDIS_PASSWORD: 'YetAnotherPassword0123456789',
        N8N_OWNER_PASSWORD: 'ChangedPassword42',
        N8N_PUBLIC_URL: 'http://n8n.example.com/',
        N8N_WEBHOOK_HOST_PORT: values.get('N8N_HOST_PORT')!,
        N8N_DB_USER: values.get('CHRONOS_DB_USER')!,
        BACKUP_S3_SECRET_KEY: values.get('MINIO_ROOT_PASSWORD')!,
      }),
      [
        ['DATABASE_URL', /its password differs from CHRONOS_DB_PASSWORD/],
        ['BACKUP_N8N_DATABASE_URL', /its database differs from N8N_DB_NAME/],
        ['REDIS_URL', /its password differs from REDIS_PASSWORD/],
        ['REDIS_URL', /n8n's queue/],
        ['N8N_INSTANCE_OWNER_PASSWORD_HASH', /is not the hash of N8N_OWNER_PASSWORD/],
        ['N8N_SECURE_COOKIE', /N8N_PUBLIC_URL is http/],
        ['N8N_WEBHOOK_HOST_PORT', /must differ from N8N_HOST_PORT/],
        ['N8N_DB_USER', /must differ from CHRONOS_DB_USER/],
        ['BACKUP_S3_SECRET_KEY', /must differ from MINIO_ROOT_PASSWORD/],
      ],
    );
  });

  it("applies admin-api's own schema to the environment compose gives admin-api", () => {
    assertProblems(
      variant({
        CHRONOS_ENCRYPTION_KEY: 'not-32-bytes-of-hex-or-base64-at-all!',
        JWT_SECRET: 'short-jwt-secret',
        LOG_LEVEL: 'loud',
        RATE_LIMIT_PER_IP: 'many',
        CORS_ORIGINS: 'not a url',
      }),
      [
        ['CHRONOS_ENCRYPTION_KEY', /32 random bytes.*\(admin-api\)/],
        ['JWT_SECRET', /at least 32 characters .*\(admin-api\)/],
        ['LOG_LEVEL', /\(admin-api\)/],
        ['RATE_LIMIT_PER_IP', /positive whole number .*\(admin-api\)/],
        ['CORS_ORIGINS', /\(admin-api\)/],
      ],
    );
  });

  it('names a $ that docker compose would substitute, and a file others can read', () => {
    const file = variant({}, 0o644);
    fs.appendFileSync(file, '\nCORS_ORIGINS=https://$HOST.example.com\n');
    const run = check(file);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /- CORS_ORIGINS contains \$ outside single quotes/);
    assert.match(run.stderr, /is readable by others \(mode 644\)/);
  });

  it('lets a variable set in the shell win over the file, as docker compose does, and says so', () => {
    const run = check(generated, { LOG_LEVEL: 'loud', HOME: '/nowhere' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /problem in .* \(with LOG_LEVEL from the shell environment\)/);
    assert.match(run.stderr, /- LOG_LEVEL .*\(admin-api\)/);
  });

  it('says how to create a missing file', () => {
    const run = check(path.join(work, 'absent.env'));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /does not exist: create it with npm run deploy:env/);
  });
});
