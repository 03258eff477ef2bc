// `npm run deploy:env` (scripts/deploy-env.ts) as a real process on temporary files: it fills
// every secret in the right format with mode 600, derives the URLs and the owner's hash from
// those values, is idempotent, never overwrites a value, keeps the operator's comments and
// order while adding variables new in the template, fixes a loose mode, refuses a file it
// cannot read, and never prints a value.
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { passwordProblems } from '../../admin-api/src/modules/users/password-policy.ts';
import { envValues, parseEnvFile } from '../../scripts/lib/deploy-env-file.ts';
import { DERIVED, GENERATED, postgresUrl, redisUrl } from '../../scripts/lib/deploy-secrets.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const script = path.join(repoRoot, 'scripts', 'deploy-env.ts');
const template = path.join(repoRoot, 'docker', '.env.example');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-deploy-env-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

let counter = 0;
const freshFile = () => path.join(work, `case-${++counter}`, '.env');

function deployEnv(file: string, templateFile = template) {
  const result = spawnSync(process.execPath, [script, '--file', file, '--template', templateFile], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (file: string) => envValues(parseEnvFile(fs.readFileSync(file, 'utf8')).lines);
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('deploy-env', () => {
  it('creates the file from the template with every secret generated in its format, mode 600', () => {
    const file = freshFile();
    const run = deployEnv(file);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(mode(file), 0o600);
    const v = read(file);
    for (const name of ['POSTGRES_PASSWORD', 'CHRONOS_DB_PASSWORD', 'N8N_DB_PASSWORD', 'REDIS_PASSWORD'])
      assert.match(v.get(name)!, /^[A-Za-z0-9]{32}$/, name);
    for (const name of ['MINIO_ROOT_PASSWORD', 'BACKUP_S3_SECRET_KEY'])
      assert.match(v.get(name)!, /^[A-Za-z0-9]{32}$/, name);
    assert.match(v.get('JWT_SECRET')!, /^[A-Za-z0-9_-]{64}$/);
    assert.match(v.get('CHRONOS_ENCRYPTION_KEY')!, /^[0-9a-f]{64}$/);
    assert.match(v.get('N8N_ENCRYPTION_KEY')!, /^[0-9a-f]{64}$/);
    assert.deepEqual(passwordProblems(v.get('CHRONOS_ADMIN_PASSWORD')!), []);
    assert.match(v.get('N8N_OWNER_PASSWORD')!, /^(?=.*[0-9])(?=.*[A-Z])[A-Za-z0-9]{8,64}$/);
    // Every value is different: nothing is reused between two secrets.
    const secrets = GENERATED.map((g) => v.get(g.name));
    assert.equal(new Set(secrets).size, secrets.length);

    assert.equal(
      v.get('DATABASE_URL'),
      postgresUrl(v.get('CHRONOS_DB_USER')!, v.get('CHRONOS_DB_PASSWORD')!, v.get('CHRONOS_DB_NAME')!),
    );
    assert.equal(
      v.get('BACKUP_N8N_DATABASE_URL'),
      postgresUrl(v.get('N8N_DB_USER')!, v.get('N8N_DB_PASSWORD')!, v.get('N8N_DB_NAME')!),
    );
    assert.equal(v.get('REDIS_URL'), redisUrl(v.get('REDIS_PASSWORD')!));
    assert.ok(bcrypt.compareSync(v.get('N8N_OWNER_PASSWORD')!, v.get('N8N_INSTANCE_OWNER_PASSWORD_HASH')!));

    // The output names what was generated and derived, and holds no value at all.
    for (const { name } of [...GENERATED, ...DERIVED]) assert.ok(run.stdout.includes(name), name);
    for (const { name } of [...GENERATED, ...DERIVED]) assert.ok(!run.stdout.includes(v.get(name)!), name);
  });

  it('keeps the template comments and order, and quotes values docker compose would substitute', () => {
    const file = freshFile();
    assert.equal(deployEnv(file).status, 0);
    const written = fs.readFileSync(file, 'utf8').split('\n');
    const original = fs.readFileSync(template, 'utf8').split('\n');
    assert.equal(written.length, original.length);
    written.forEach((line, i) => {
      if (line.startsWith('#') || line === '') assert.equal(line, original[i]);
      else assert.equal(line.split('=')[0], original[i]!.split('=')[0]);
    });
    // The bcrypt hash holds $ signs: single quotes make compose take it literally.
    assert.match(fs.readFileSync(file, 'utf8'), /^N8N_INSTANCE_OWNER_PASSWORD_HASH='\$2[ab]\$12\$/m);
    assert.deepEqual(parseEnvFile(fs.readFileSync(file, 'utf8')).problems, []);
  });

  it('is idempotent: a second run changes no byte and says so', () => {
    const file = freshFile();
    assert.equal(deployEnv(file).status, 0);
    const first = fs.readFileSync(file, 'utf8');
    const second = deployEnv(file);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), first);
    assert.match(second.stdout, /up to date: nothing to add or generate/);
    assert.doesNotMatch(second.stdout, /generated:|derived:/);
  });

  it('never overwrites a value that is set, even one that disagrees with the others', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      [
        'JWT_SECRET=operator-chosen-secret-of-more-than-32-characters',
        'CHRONOS_DB_PASSWORD=OperatorPassword123456789',
        'DATABASE_URL=postgres://chronos:other@db.example.com:5432/chronos',
        "CHRONOS_ADMIN_PASSWORD='Own#Password-2025'",
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const run = deployEnv(file);
    assert.equal(run.status, 0, run.stderr);
    const v = read(file);
    assert.equal(v.get('JWT_SECRET'), 'operator-chosen-secret-of-more-than-32-characters');
    assert.equal(v.get('CHRONOS_DB_PASSWORD'), 'OperatorPassword123456789');
    assert.equal(v.get('DATABASE_URL'), 'postgres://chronos:other@db.example.com:5432/chronos');
    assert.equal(v.get('CHRONOS_ADMIN_PASSWORD'), 'Own#Password-2025');
    assert.doesNotMatch(run.stdout, /\bJWT_SECRET\b|\bCHRONOS_DB_PASSWORD\b|\bDATABASE_URL\b|CHRONOS_ADMIN_PASSWORD/);
    // The ones that were missing are there now, generated.
    assert.match(v.get('N8N_DB_PASSWORD')!, /^[A-Za-z0-9]{32}$/);
  });

  it("adds variables new in the template next to their neighbours, keeping the operator's lines", () => {
    const file = freshFile();
    assert.equal(deployEnv(file).status, 0);
    // An older file: without REDIS_PASSWORD/REDIS_URL and LOG_LEVEL, with the operator's own
    // comment and variable.
    const older = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^(REDIS_PASSWORD|REDIS_URL|LOG_LEVEL)=/.test(l))
      .join('\n')
      .replace('BIND_ADDRESS=127.0.0.1', '# our proxy runs on this host\nBIND_ADDRESS=127.0.0.1\nOUR_OWN_SETTING=1');
    fs.writeFileSync(file, older);
    const before = read(file);

    const run = deployEnv(file);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /added from the template: REDIS_PASSWORD, REDIS_URL, LOG_LEVEL/);
    assert.match(run.stdout, /generated: REDIS_PASSWORD\n/);
    assert.match(run.stdout, /derived: REDIS_URL\n/);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /# our proxy runs on this host\nBIND_ADDRESS=127\.0\.0\.1\nOUR_OWN_SETTING=1\n/);
    // LOG_LEVEL comes back after CHRONOS_ADMIN_PASSWORD, the variable before it in the template,
    // with its comment.
    assert.match(text, /CHRONOS_ADMIN_PASSWORD=.*\n\n# fatal, error, warn, info \(default\).*\nLOG_LEVEL=info\n/);
    const after = read(file);
    for (const [name, value] of before) assert.equal(after.get(name), value, name);
    assert.equal(after.get('REDIS_URL'), redisUrl(after.get('REDIS_PASSWORD')!));
  });

  it('fixes a mode looser than 600 on an existing file, and says so', () => {
    const file = freshFile();
    assert.equal(deployEnv(file).status, 0);
    const content = fs.readFileSync(file, 'utf8');
    fs.chmodSync(file, 0o644);
    const run = deployEnv(file);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(mode(file), 0o600);
    assert.match(run.stdout, /fixed the mode of .*: 644 → 600/);
    assert.equal(fs.readFileSync(file, 'utf8'), content);
  });

  it('refuses to rewrite a file with a line it cannot read', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content = 'JWT_SECRET=abc\nthis is not an assignment\n';
    fs.writeFileSync(file, content, { mode: 0o600 });
    const run = deployEnv(file);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /line 2 is neither NAME=value/);
    assert.equal(fs.readFileSync(file, 'utf8'), content);
  });
});
