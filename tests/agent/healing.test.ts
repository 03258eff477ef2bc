// Healing actions against fake systemctl/docker/nvidia-smi (their argv logged), a fake
// admin-api for claim/report/reboot-check, real files for CLEAN_DISK and a real PostgreSQL
// for VACUUM ANALYZE: each action runs exactly the expected argv once; params outside the
// agent's config are refused; dry run does nothing; reboot is refused when any check fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AgentApi } from '../../agent/src/api.ts';
import { ActionFailed, Executor } from '../../agent/src/healing/execute.ts';
import { parseAction, Refusal, type GpuKnowledge } from '../../agent/src/healing/params.ts';
import { HealingPoller } from '../../agent/src/healing/poller.ts';
import { createLogger } from '../../agent/src/log.ts';
import { StateFile } from '../../agent/src/state.ts';
import type { AgentConfig } from '../../agent/src/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { ALL_CHECKS_OK, startFakeAdminApi, type FakeAdminApi } from '../helpers/fake-admin-api.ts';
import { fakeServicesDir, makeFakeHost, testConfig, useFakeHostEnv, type FakeHost } from './fixtures.ts';

const TWO_GPUS: GpuKnowledge = { absent: false, indexes: [0, 1] };
const silent = createLogger('error', () => undefined);

describe('healing actions', { timeout: 120_000 }, () => {
  let host: FakeHost;
  let api: FakeAdminApi;
  let config: AgentConfig;
  let state: StateFile;
  let database: TestDatabase;
  let seq = 0;

  before(async () => {
    host = makeFakeHost();
    useFakeHostEnv(host);
    api = await startFakeAdminApi();
    database = await createTestDatabase();
  });
  after(async () => {
    await api.close();
    await database.drop();
    fs.rmSync(host.dir, { recursive: true, force: true });
  });

  const configure = (overrides: Record<string, unknown> = {}) => {
    config = testConfig(host, {
      api_url: api.url,
      state_file: path.join(host.dir, `state-${++seq}.json`),
      services: [
        { name: 'nginx', kind: 'systemd', unit: 'nginx.service' },
        { name: 'ollama', kind: 'container', container: 'ollama' },
        { name: 'n8n', kind: 'http', url: 'http://127.0.0.1:5678/healthz' },
        {
          name: 'app',
          kind: 'http',
          url: 'http://127.0.0.1:8080/',
          restart_command: [path.join(fakeServicesDir, 'systemctl'), 'restart', 'app-wrapper.service'],
        },
      ],
      ...overrides,
    });
    state = new StateFile(config.state_file);
  };
  beforeEach(() => {
    configure();
    fs.rmSync(host.servicesLog, { force: true });
    fs.rmSync(host.smiLog, { force: true });
    api.rebootCheck = ALL_CHECKS_OK;
  });

  const execute = async (action: string, params: Record<string, unknown>, gpus = TWO_GPUS) => {
    const executor = new Executor({
      config,
      state,
      rebootCheck: () => new AgentApi(api.url, 'k', 5000).rebootCheck(config.host),
    });
    return executor.execute(parseAction(action, { host: 'gpu-01', ...params }, config, gpus));
  };
  const refusal = async (action: string, params: Record<string, unknown>, pattern: RegExp, gpus = TWO_GPUS) => {
    await assert.rejects(execute(action, params, gpus), (e: Error) => {
      assert.ok(e instanceof Refusal || e instanceof ActionFailed, String(e));
      assert.match(e.message, pattern);
      return true;
    });
  };

  describe('services', () => {
    it('RESTART_SERVICE of a systemd unit runs `systemctl restart <unit>` once', async () => {
      host.setUnit('nginx.service', 'failed');
      const result = await execute('RESTART_SERVICE', { service: 'nginx' });
      assert.deepEqual(host.serviceCalls(), ['systemctl restart nginx.service']);
      assert.equal(result.dry_run, false);
      assert.match(result.output, /^systemctl restart nginx\.service/);
      assert.equal(fs.readFileSync(path.join(host.servicesState, 'nginx.service'), 'utf8').trim(), 'active');
    });

    it('STOP_SERVICE and START_SERVICE of a container use docker stop/start', async () => {
      host.setContainer('ollama', 'true|unhealthy');
      await execute('STOP_SERVICE', { service: 'ollama' });
      await execute('START_SERVICE', { service: 'ollama' });
      assert.deepEqual(host.serviceCalls(), ['docker stop ollama', 'docker start ollama']);
    });

    it('an http service restarts through its configured restart_command, else "no way to restart"', async () => {
      await execute('RESTART_SERVICE', { service: 'app' });
      assert.deepEqual(host.serviceCalls(), ['systemctl restart app-wrapper.service']);
      await refusal('RESTART_SERVICE', { service: 'n8n' }, /no way to restart n8n/);
      await refusal('STOP_SERVICE', { service: 'app' }, /no way to stop app/);
      assert.equal(host.serviceCalls().length, 1);
    });

    it('a failing restart is a failure with the tool output', async () => {
      host.setUnit('nginx.service', 'broken');
      await refusal(
        'RESTART_SERVICE',
        { service: 'nginx' },
        /systemctl restart nginx\.service exited 1: Job for nginx/,
      );
    });

    it('params outside the config are refused and nothing runs', async () => {
      await refusal('RESTART_SERVICE', { service: 'sshd' }, /params.service "sshd" is not a configured service/);
      await refusal('RESTART_SERVICE', { service: 'nginx; reboot' }, /not a configured service/);
      await refusal('RESTART_SERVICE', { service: 'nginx', unit: 'sshd' }, /unknown params for RESTART_SERVICE: unit/);
      await assert.rejects(
        async () => parseAction('RESTART_SERVICE', { host: 'gpu-02', service: 'nginx' }, config, TWO_GPUS),
        /params.host "gpu-02" is not this agent's host gpu-01/,
      );
      await assert.rejects(
        async () => parseAction('RUN_SHELL', { host: 'gpu-01' }, config, TWO_GPUS),
        /not one this agent performs/,
      );
      assert.deepEqual(host.serviceCalls(), []);
    });

    it('dry run (per command or global) reports the argv and runs nothing', async () => {
      const one = await execute('RESTART_SERVICE', { service: 'nginx', dry_run: true });
      assert.deepEqual(one, { ...one, dry_run: true, output: 'dry run: would run systemctl restart nginx.service' });
      configure({ dry_run: true });
      const two = await execute('STOP_SERVICE', { service: 'ollama' });
      assert.equal(two.dry_run, true);
      assert.equal(two.output, 'dry run: would run docker stop ollama');
      assert.deepEqual(host.serviceCalls(), []);
    });
  });

  describe('GPU', () => {
    it('THROTTLE_GPU runs `nvidia-smi -i <gpu> -pl <w>` once', async () => {
      const result = await execute('THROTTLE_GPU', { gpu: 1, power_limit_w: 300 });
      assert.deepEqual(host.smiCalls(), ['nvidia-smi -i 1 -pl 300']);
      assert.match(result.output, /Power limit for GPU 00000000:02:00.0 was set to 300.00 W/);
    });

    it('a GPU that is not there, or no GPU at all, is refused', async () => {
      await refusal('THROTTLE_GPU', { gpu: 2, power_limit_w: 300 }, /GPU 2 is not present on this host \(GPUs: 0, 1\)/);
      await refusal('THROTTLE_GPU', { gpu: 0, power_limit_w: 300 }, /no GPU on this host/, {
        absent: true,
        indexes: null,
      });
      await refusal('THROTTLE_GPU', { gpu: 0, power_limit_w: -5 }, /power_limit_w must be a number of watts/);
      assert.deepEqual(host.smiCalls(), []);
    });

    it('RESET_GPU only when allow_gpu_reset; then `nvidia-smi -i <gpu> -r` once', async () => {
      await refusal('RESET_GPU', { gpu: 0 }, /GPU reset is not allowed by the agent config/);
      assert.deepEqual(host.smiCalls(), []);
      configure({ allow_gpu_reset: true });
      await execute('RESET_GPU', { gpu: 0 });
      assert.deepEqual(host.smiCalls(), ['nvidia-smi -i 0 -r']);
    });
  });

  describe('VACUUM_ANALYZE', () => {
    it('refused without database_url', async () => {
      await refusal('VACUUM_ANALYZE', {}, /database_url is not configured/);
    });

    it('runs psql against the configured database, the password kept off argv and output', async () => {
      configure({ database_url: database.url });
      const password = new URL(database.url).password;
      const result = await execute('VACUUM_ANALYZE', {});
      assert.match(result.output, /\nVACUUM$/); // psql's command tag: it ran
      assert.match(result.output, /-c "VACUUM ANALYZE"/);
      if (password) assert.ok(!result.output.includes(password), 'password must not appear');
      const dry = await execute('VACUUM_ANALYZE', { dry_run: true });
      assert.match(dry.output, /^dry run: would run psql /);
      if (password) assert.ok(!dry.output.includes(password));
    });
  });

  describe('CLEAN_DISK', () => {
    const DAY = 86_400_000;
    let root: string;
    let outside: string;
    const make = (file: string, ageDays: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x'.repeat(100));
      const t = new Date(Date.now() - ageDays * DAY);
      fs.utimesSync(file, t, t);
    };
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(host.dir, 'logs-'));
      outside = fs.mkdtempSync(path.join(host.dir, 'precious-'));
      make(path.join(root, 'old.log'), 30);
      make(path.join(root, 'new.log'), 1);
      make(path.join(root, 'nested/deeper/old.log.gz'), 40);
      make(path.join(root, 'old.txt'), 30); // does not match the patterns
      make(path.join(outside, 'old-secret.log'), 100);
      fs.symlinkSync(outside, path.join(root, 'link-to-dir'));
      fs.symlinkSync(path.join(outside, 'old-secret.log'), path.join(root, 'link-to-file.log'));
      configure({ cleanup_paths: [{ id: 'logs', path: root, older_than_days: 14, patterns: ['*.log', '*.gz'] }] });
    });
    const exists = (p: string) => fs.existsSync(p);

    it('deletes only old regular files matching the patterns inside the path; symlinks untouched', async () => {
      const result = await execute('CLEAN_DISK', { path: root });
      assert.match(result.output, /^deleted 2 file\(s\), 200 bytes, older than 14 day\(s\)/);
      assert.ok(!exists(path.join(root, 'old.log')));
      assert.ok(!exists(path.join(root, 'nested/deeper/old.log.gz')));
      assert.ok(exists(path.join(root, 'new.log')));
      assert.ok(exists(path.join(root, 'old.txt')));
      assert.ok(exists(path.join(outside, 'old-secret.log')), 'never follows a symlink out of the path');
      assert.ok(fs.lstatSync(path.join(root, 'link-to-file.log')).isSymbolicLink(), 'symlinks are not deleted');
      assert.match(result.output, /skipped 2 symlink\(s\)/);
    });

    it('older_than_days from the command; the id works as the path; dry run deletes nothing', async () => {
      const dry = await execute('CLEAN_DISK', { path: 'logs', older_than_days: 35, dry_run: true });
      assert.match(dry.output, /^would delete 1 file\(s\)/);
      assert.ok(exists(path.join(root, 'nested/deeper/old.log.gz')));
      await execute('CLEAN_DISK', { path: 'logs', older_than_days: 35 });
      assert.ok(!exists(path.join(root, 'nested/deeper/old.log.gz')));
      assert.ok(exists(path.join(root, 'old.log')));
    });

    it('a path that is not configured is refused; a configured path that is a symlink is refused', async () => {
      await refusal('CLEAN_DISK', { path: outside }, /is not a configured cleanup path/);
      await refusal('CLEAN_DISK', { path: `${root}/../${path.basename(outside)}` }, /is not a configured cleanup path/);
      const linked = path.join(host.dir, `linked-${seq}`);
      fs.symlinkSync(outside, linked);
      configure({ cleanup_paths: [{ path: linked, older_than_days: 1 }] });
      await refusal('CLEAN_DISK', { path: linked }, /CLEAN_DISK refused: .* is a symlink/);
      assert.ok(exists(path.join(outside, 'old-secret.log')));
    });
  });

  describe('REBOOT', () => {
    const rebootCalls = () => host.serviceCalls().filter((c) => c === 'systemctl reboot');
    const enable = () =>
      configure({ reboot: { enabled: true, command: [path.join(fakeServicesDir, 'systemctl'), 'reboot'] } });

    it('refused while reboot.enabled is false (the default)', async () => {
      await refusal('REBOOT', {}, /^reboot refused: reboot_enabled failed/);
      assert.deepEqual(rebootCalls(), []);
    });

    it('refused when the reboot check fails, naming the failed checks', async () => {
      enable();
      api.rebootCheck = {
        allowed: false,
        checks: [
          { name: 'database_reachable', ok: true, detail: 'ok' },
          { name: 'no_backup_running', ok: false, detail: 'backup 1234 running' },
          { name: 'workflows_drained', ok: false, detail: 'n8n not configured' },
        ],
      };
      await refusal(
        'REBOOT',
        {},
        /^reboot refused: failed checks: no_backup_running \(backup 1234 running\), workflows_drained \(n8n not configured\)$/,
      );
      api.rebootCheck = 'error';
      await refusal('REBOOT', {}, /^reboot refused: reboot_check failed: admin-api did not answer/);
      assert.deepEqual(rebootCalls(), []);
      assert.equal(state.rebootsWithin(3_600_000), 0);
    });

    it('all checks pass: reboots (counted first); a third within the hour is refused by its own count', async () => {
      enable();
      const dry = await execute('REBOOT', { dry_run: true });
      assert.match(dry.output, /^dry run: checks passed \(database_reachable, .*\); would run .*systemctl reboot$/);
      assert.deepEqual(rebootCalls(), []);
      await execute('REBOOT', {});
      await execute('REBOOT', {});
      assert.deepEqual(rebootCalls(), ['systemctl reboot', 'systemctl reboot']);
      // The count is persisted: a restarted agent (new StateFile) still knows.
      state = new StateFile(config.state_file);
      await refusal('REBOOT', {}, /^reboot refused: reboot_rate failed: this agent rebooted the host 2 time\(s\)/);
      assert.equal(rebootCalls().length, 2);
    });
  });

  describe('poller', () => {
    it('claims for its host, reports complete/fail with the contract bodies, releases foreign commands', async () => {
      host.setUnit('nginx.service', 'active');
      api.commands.push(
        { id: 'c1', system: 'HEALING', action: 'RESTART_SERVICE', params: { host: 'gpu-01', service: 'nginx' } },
        { id: 'c2', system: 'HEALING', action: 'RESTART_SERVICE', params: { host: 'gpu-01', service: 'sshd' } },
        { id: 'c3', system: 'HEALING', action: 'RESTART_SERVICE', params: { host: 'gpu-07', service: 'nginx' } },
      );
      const agentApi = new AgentApi(api.url, 'chr_secret', 5000);
      const poller = new HealingPoller({
        api: agentApi,
        config,
        executor: new Executor({ config, state, rebootCheck: () => agentApi.rebootCheck('gpu-01') }),
        gpus: () => TWO_GPUS,
        log: silent,
      });
      assert.equal(await poller.pollOnce(), 2);
      const claim = api.requests.find((r) => r.path.startsWith('/api/v1/commands/HEALING'));
      assert.equal(claim!.path, '/api/v1/commands/HEALING?host=gpu-01&limit=5');
      assert.equal(claim!.auth, 'Bearer chr_secret');
      assert.deepEqual(
        api.completed.map((c) => c.id),
        ['c1'],
      );
      const result = api.completed[0]!.result as Record<string, unknown>;
      assert.deepEqual(Object.keys(result).sort(), ['dry_run', 'duration_ms', 'output']);
      assert.deepEqual(api.failed, [{ id: 'c2', error: api.failed[0]!.error, retry: false }]);
      assert.match(api.failed[0]!.error, /not a configured service/);
      assert.deepEqual(
        api.commands.map((c) => c.id),
        ['c3'],
        'the other host’s command is not claimed',
      );
      assert.deepEqual(host.serviceCalls(), ['systemctl restart nginx.service']);
    });
  });
});
