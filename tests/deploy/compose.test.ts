// docker/compose.yaml, validated without a container engine: Debian's docker-compose (1.29)
// resolves it with a docker/.env written by deploy:env (`config`), and the tests read the
// result — services, profiles, health checks, restart policies, dependency conditions, the one
// n8n image and encryption key, published ports, volumes — plus the raw file (no literal
// secrets). Also: scripts/lib/deploy-compose.ts substitutes exactly as docker-compose does,
// the template, the compose file and check-config's rules name the same variables, and the
// config-check service passes on the environment compose gives it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../agent/src/config.ts';
import { checkAdminApi, RULES } from '../../scripts/lib/deploy-checks.ts';
import {
  composeVariables,
  resolveCompose,
  serviceEnvironment,
  type ComposeFile,
} from '../../scripts/lib/deploy-compose.ts';
import { envValues, formatAssignment, parseEnvFile } from '../../scripts/lib/deploy-env-file.ts';
import { GENERATED } from '../../scripts/lib/deploy-secrets.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

const composeFile = path.join(repoRoot, 'docker', 'compose.yaml');
const composeText = fs.readFileSync(composeFile, 'utf8');
const templateFile = path.join(repoRoot, 'docker', '.env.example');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-compose-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const envFile = path.join(work, '.env');
let values = new Map<string, string>();
let resolved: ComposeFile;

const LONG_RUNNING = ['postgres', 'redis', 'minio', 'admin-api', 'n8n', 'n8n-worker', 'n8n-webhook', 'agent'];
const ONE_SHOTS = ['minio-init', 'config-check', 'setup', 'tools'];
const N8N_SERVICES = ['n8n', 'n8n-worker', 'n8n-webhook'];
const PROFILES = ['--profile', 'webhook', '--profile', 'agent', '--profile', 'tools'];

function dockerCompose(file: string, ...args: string[]) {
  // A clean environment: variables of the shell would win over the env file.
  const run = spawnSync('docker-compose', ['-f', composeFile, '--env-file', file, ...PROFILES, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  if (run.error) throw new Error(`docker-compose is not installed (.ci/run installs it): ${run.error.message}`);
  return run;
}

/** `docker-compose config` writes a literal $ as $$ (so its output is a valid compose file). */
function unescape(node: unknown): unknown {
  if (typeof node === 'string') return node.replaceAll('$$', '$');
  if (Array.isArray(node)) return node.map(unescape);
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unescape(v)]));
  return node;
}

// Compose 1.29 prints ports and volumes in the short syntax, Compose v2 in the long one.
type LongPort = { host_ip?: string; published?: string | number; target: number; protocol?: string };
const portText = (p: string | LongPort) =>
  typeof p === 'string' ? p : `${p.host_ip ?? '0.0.0.0'}:${p.published}:${p.target}/${p.protocol ?? 'tcp'}`;
type LongVolume = { source?: string; target: string; read_only?: boolean };
const volumeText = (v: string | LongVolume) =>
  typeof v === 'string' ? v : `${v.source}:${v.target}:${v.read_only ? 'ro' : 'rw'}`;

/** A copy of the generated env file with some variables replaced (undefined: removed). */
function envVariant(changes: Record<string, string | undefined>): string {
  const file = path.join(work, `variant-${Object.keys(changes).join('-')}.env`);
  const lines = fs
    .readFileSync(envFile, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const name = /^([A-Z0-9_]+)=/.exec(line)?.[1];
      if (!name || !(name in changes)) return [line];
      return changes[name] === undefined ? [] : [formatAssignment(name, changes[name]!)];
    });
  fs.writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  return file;
}

const service = (name: string) => resolved.services[name] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

before(() => {
  const run = spawnSync(process.execPath, ['scripts/deploy-env.ts', '--file', envFile], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  // The agent's files, as an operator would create them after the first start.
  const agentConfig = path.join(work, 'agent.json');
  const agentKey = path.join(work, 'agent-api-key');
  fs.copyFileSync(path.join(repoRoot, 'docker', 'agent.example.json'), agentConfig);
  fs.writeFileSync(agentKey, 'chronos_standard_placeholder\n', { mode: 0o600 });
  fs.writeFileSync(
    envFile,
    fs
      .readFileSync(envFile, 'utf8')
      .replace(/^CHRONOS_AGENT_CONFIG_FILE=.*$/m, formatAssignment('CHRONOS_AGENT_CONFIG_FILE', agentConfig))
      .replace(/^CHRONOS_AGENT_API_KEY_FILE=.*$/m, formatAssignment('CHRONOS_AGENT_API_KEY_FILE', agentKey)),
  );
  values = envValues(parseEnvFile(fs.readFileSync(envFile, 'utf8')).lines);
  const config = dockerCompose(envFile, 'config');
  assert.equal(config.status, 0, config.stderr);
  resolved = unescape(parse(config.stdout)) as ComposeFile;
});

describe('docker/compose.yaml', () => {
  it('validates with a generated docker/.env (docker-compose config -q), every profile on', () => {
    const run = dockerCompose(envFile, 'config', '-q');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(Object.keys(resolved.services).sort(), [...LONG_RUNNING, ...ONE_SHOTS].sort());
    assert.deepEqual(service('n8n-webhook').profiles, ['webhook']);
    assert.deepEqual(service('agent').profiles, ['agent']);
    assert.deepEqual(service('tools').profiles, ['tools']);
    for (const name of Object.keys(resolved.services).filter((n) => !['n8n-webhook', 'agent', 'tools'].includes(n)))
      assert.equal(service(name).profiles, undefined, `${name} starts by default`);
  });

  it('refuses to resolve without a secret, naming it', () => {
    for (const name of ['N8N_ENCRYPTION_KEY', 'JWT_SECRET', 'REDIS_PASSWORD']) {
      const run = dockerCompose(envVariant({ [name]: undefined }), 'config', '-q');
      assert.notEqual(run.status, 0, name);
      assert.match(run.stderr, new RegExp(`${name} is not set in docker/\\.env`));
    }
  });

  it('gives every long-running service a health check and a restart policy; one-shots never restart', () => {
    for (const name of LONG_RUNNING) {
      const s = service(name);
      assert.equal(s.restart, 'unless-stopped', name);
      assert.ok(Array.isArray(s.healthcheck?.test) && s.healthcheck.test.length > 1, `${name} has a health check`);
      assert.ok(s.healthcheck.interval && s.healthcheck.retries, name);
      assert.ok(s.logging?.options?.['max-size'], `${name} rotates its logs`);
    }
    for (const name of ONE_SHOTS) {
      assert.equal(service(name).restart, 'no', name);
      assert.equal(service(name).healthcheck, undefined, name);
    }
  });

  it('starts nothing on a mere start order: every dependency has the condition that fits it', () => {
    for (const [name, s] of Object.entries(resolved.services)) {
      const dependsOn = (s as Record<string, unknown>).depends_on;
      if (dependsOn === undefined) continue;
      assert.ok(!Array.isArray(dependsOn), `${name}: depends_on must use conditions`);
      for (const [dependency, spec] of Object.entries(dependsOn as Record<string, { condition?: string }>)) {
        const expected = ONE_SHOTS.includes(dependency) ? 'service_completed_successfully' : 'service_healthy';
        assert.equal(spec.condition, expected, `${name} → ${dependency}`);
      }
    }
    // Every Chronos and n8n service waits for the configuration check.
    for (const name of ['setup', 'admin-api', 'n8n', 'n8n-worker', 'n8n-webhook', 'agent', 'tools'])
      assert.ok(service(name).depends_on['config-check'], `${name} waits for config-check`);
    assert.ok(service('admin-api').depends_on.setup);
    assert.ok(service('n8n-worker').depends_on.n8n);
  });

  it('runs n8n main, workers and the webhook processor from one image with one encryption key, in queue mode', () => {
    const image = service('n8n').image;
    assert.match(image, /^chronos\/n8n:/);
    for (const name of N8N_SERVICES) {
      const s = service(name);
      const env = s.environment as Record<string, string>;
      assert.equal(s.image, image, name);
      assert.deepEqual(s.build, service('n8n').build, name);
      assert.equal(env.N8N_ENCRYPTION_KEY, values.get('N8N_ENCRYPTION_KEY'), name);
      assert.equal(env.EXECUTIONS_MODE, 'queue', name);
      assert.equal(env.QUEUE_BULL_REDIS_HOST, 'redis', name);
      assert.equal(env.QUEUE_BULL_REDIS_PASSWORD, values.get('REDIS_PASSWORD'), name);
      assert.equal(env.QUEUE_HEALTH_CHECK_ACTIVE, 'true', name);
      assert.equal(env.DB_TYPE, 'postgresdb', name);
      assert.equal(env.DB_POSTGRESDB_USER, values.get('N8N_DB_USER'), name);
      assert.equal(env.DB_POSTGRESDB_PASSWORD, values.get('N8N_DB_PASSWORD'), name);
      assert.equal(env.WEBHOOK_URL, values.get('N8N_PUBLIC_URL'), name);
    }
    assert.deepEqual(service('n8n-worker').command, [
      'worker',
      `--concurrency=${values.get('N8N_WORKER_CONCURRENCY')}`,
    ]);
    assert.deepEqual(service('n8n-webhook').command, ['webhook']);
    assert.equal(service('n8n').command, undefined);
    // Only main holds the owner (managed by the environment) and a user-folder volume.
    assert.equal(service('n8n').environment.N8N_INSTANCE_OWNER_MANAGED_BY_ENV, 'true');
    assert.equal(
      service('n8n').environment.N8N_INSTANCE_OWNER_PASSWORD_HASH,
      values.get('N8N_INSTANCE_OWNER_PASSWORD_HASH'),
    );
    assert.equal(service('n8n-worker').volumes, undefined);
    // The admin-api image serves admin-api, the check and the setup alike.
    for (const name of ['config-check', 'setup']) assert.equal(service(name).image, service('admin-api').image);
  });

  it('writes no secret into the file: every secret-looking value is a required ${VARIABLE}', () => {
    const raw = parse(composeText, { merge: true }) as ComposeFile;
    const secretName = /PASSWORD|SECRET|ENCRYPTION_KEY|TOKEN|HASH|DATABASE_URL|REDIS_URL/;
    let checked = 0;
    for (const [name, s] of Object.entries(raw.services)) {
      for (const [key, value] of Object.entries(serviceEnvironment(raw, name))) {
        if (!secretName.test(key) || key.endsWith('_FILE')) continue;
        checked++;
        assert.match(value, /^\$\{[A-Z0-9_]+:\?[^}]*\}$/, `${name}: ${key} must come from docker/.env`);
      }
      // A password on a command line comes from the container's environment at run time.
      for (const part of [s.command ?? []].flat() as string[])
        if (part.includes('requirepass')) assert.match(part, /--requirepass "\$\$REDIS_PASSWORD"/, name);
    }
    assert.ok(checked > 30, `${checked} secret values checked`);
    for (const { name } of GENERATED) assert.ok(!composeText.includes(values.get(name)!), name);
  });

  it('publishes only admin-api and n8n (and the optional webhook processor), on BIND_ADDRESS', () => {
    const published = Object.entries(resolved.services)
      .filter(([, s]) => (s as Record<string, unknown>).ports)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(published, ['admin-api', 'n8n', 'n8n-webhook']);
    for (const name of published)
      for (const port of service(name).ports) assert.match(portText(port), /^127\.0\.0\.1:\d+:(5678|8080)\/tcp$/);
    const everywhere = dockerCompose(envVariant({ BIND_ADDRESS: '0.0.0.0', ADMIN_API_HOST_PORT: '18080' }), 'config');
    assert.equal(everywhere.status, 0, everywhere.stderr);
    const ports = (parse(everywhere.stdout) as ComposeFile).services['admin-api']!.ports as LongPort[];
    assert.deepEqual(ports.map(portText), ['0.0.0.0:18080:8080/tcp']);
  });

  it('keeps state in named volumes and mounts only files of docker/ (and the host read-only for the agent)', () => {
    const named = Object.keys((resolved as Record<string, any>).volumes); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(named.sort(), ['agent_state', 'minio_data', 'n8n_main_data', 'postgres_data', 'redis_data']);
    const mounts = Object.entries(resolved.services).flatMap(
      ([name, s]) =>
        ((s as Record<string, unknown>).volumes as LongVolume[] | undefined)?.map((v) => [name, volumeText(v)]) ?? [],
    );
    for (const [name, mount] of mounts) {
      const [source] = mount.split(':');
      const isNamed = named.includes(source!);
      const isDockerFile = source!.startsWith(path.join(repoRoot, 'docker') + path.sep);
      const isAgentConfig = name === 'agent' && source === values.get('CHRONOS_AGENT_CONFIG_FILE');
      const isHostRoot = name === 'agent' && mount === '/:/host:ro';
      assert.ok(isNamed || isDockerFile || isAgentConfig || isHostRoot, `${name}: ${mount}`);
    }
    assert.ok(mounts.some(([name, m]) => name === 'postgres' && m.startsWith('postgres_data:')));
    assert.ok(mounts.some(([name, m]) => name === 'n8n' && m === 'n8n_main_data:/home/node/.n8n:rw'));
  });

  it('is resolved by scripts/lib/deploy-compose.ts exactly as docker-compose resolves it', () => {
    const mine = resolveCompose(composeText, values);
    assert.deepEqual(mine.problems, []);
    for (const name of Object.keys(resolved.services))
      assert.deepEqual(serviceEnvironment(mine.compose, name), serviceEnvironment(resolved, name), name);
    const missing = resolveCompose(composeText, new Map([...values].filter(([k]) => k !== 'JWT_SECRET')));
    assert.deepEqual(missing.problems, [
      { variable: 'JWT_SECRET', message: 'is not set in docker/.env (npm run deploy:env generates it)' },
    ]);
  });

  it('names the same variables in the template, the compose file and the checks', () => {
    const template = [...envValues(parseEnvFile(fs.readFileSync(templateFile, 'utf8')).lines).keys()].sort();
    const used = composeVariables(composeText);
    // COMPOSE_* variables are read by docker compose itself, not referenced in the file.
    const forTheFile = template.filter((name) => !name.startsWith('COMPOSE_'));
    assert.deepEqual([...used.keys()].sort(), forTheFile, 'docker/.env.example documents what compose uses');
    assert.deepEqual(RULES.map((r) => r.variable).sort(), template, 'check-config has a rule per variable');
    const required = [...used].filter(([, v]) => v.required).map(([k]) => k);
    assert.deepEqual(
      RULES.filter((r) => r.required)
        .map((r) => r.variable)
        .sort(),
      required.sort(),
      'check-config requires what compose requires',
    );
    // Every variable in the template is documented by a comment above it (or its group's).
    const lines = fs.readFileSync(templateFile, 'utf8').split('\n');
    for (const name of template) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      const above = lines.slice(Math.max(0, at - 4), at);
      assert.ok(
        above.some((l) => l.startsWith('# ')),
        `${name} has a comment`,
      );
    }
    // Secrets are empty in the template.
    const templateValues = envValues(parseEnvFile(fs.readFileSync(templateFile, 'utf8')).lines);
    for (const { name } of GENERATED) assert.equal(templateValues.get(name), '', name);
  });

  it('config-check passes on the environment compose gives it, and names a broken value', () => {
    const env = serviceEnvironment(resolved, 'config-check');
    const run = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['scripts/check-config.ts', '--env'], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...env, ...extra },
      });
    const ok = run({});
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /the environment is OK/);
    const broken = run({ REDIS_URL: 'redis://:wrong-password-here@redis:6379/1', TIMEZONE: 'Nowhere/Else' });
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /- REDIS_URL its password differs from REDIS_PASSWORD/);
    assert.match(broken.stderr, /- TIMEZONE must be an IANA time zone/);
    assert.ok(!broken.stderr.includes(values.get('REDIS_PASSWORD')!));
  });

  it("gives every service that runs admin-api's code an environment admin-api's schema accepts", () => {
    // The image sets NODE_ENV=production, where JWT_SECRET and CHRONOS_ENCRYPTION_KEY are required:
    // the CLIs of the tools service (backup, api-key, workflows) load the same configuration.
    for (const name of ['admin-api', 'config-check', 'tools'])
      assert.deepEqual(checkAdminApi({ NODE_ENV: 'production', ...serviceEnvironment(resolved, name) }), [], name);
  });

  it('gives the agent a configuration its own validation accepts (docker/agent.example.json)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docker', 'agent.example.json'), 'utf8'));
    const env = { ...serviceEnvironment(resolved, 'agent'), CHRONOS_AGENT_API_KEY: 'chronos_standard_placeholder' };
    const config = parseConfig(file, env);
    assert.equal(config.api_url, 'http://admin-api:8080');
    assert.equal(config.fs_root, '/host');
    assert.equal(config.kernel_log.source, 'none');
  });
});
