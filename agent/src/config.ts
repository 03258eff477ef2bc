// The agent's configuration: a JSON file (path from CHRONOS_AGENT_CONFIG) with environment
// overrides for the scalar settings, validated at start. Every bad field is named in one
// error, so an operator fixes the file in one go. No dependencies, hence no zod here.
// The API key is never part of the file's echo or of any log line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ServiceConfig =
  | { name: string; kind: 'http'; url: string; timeout_s: number; restart_command: string[] | null }
  | { name: string; kind: 'systemd'; unit: string; timeout_s: number }
  | { name: string; kind: 'container'; container: string; runtime: 'docker' | 'podman'; timeout_s: number };

export type CleanupPath = { id: string; path: string; older_than_days: number; patterns: string[] };

export type KernelLogConfig =
  | { source: 'journalctl' }
  | { source: 'kmsg'; path: string }
  | { source: 'file'; path: string }
  | { source: 'none' };

export type AgentConfig = {
  api_url: string;
  api_key: string;
  host: string;
  sample_interval_s: number;
  poll_interval_s: number;
  request_timeout_s: number;
  /** Unsent samples kept while admin-api is unreachable (oldest dropped first). */
  queue_max: number;
  /** /proc for CPU, memory, uptime and boot id; a fake tree in tests. */
  proc_root: string;
  /** Prefix for statfs of the disk paths (the reported path stays as configured). */
  fs_root: string;
  disks: string[];
  state_file: string;
  services: ServiceConfig[];
  cleanup_paths: CleanupPath[];
  allow_gpu_reset: boolean;
  reboot: { enabled: boolean; command: string[] };
  dry_run: boolean;
  database_url: string | null;
  psql_path: string;
  nvidia_smi: { path: string; timeout_s: number };
  systemctl_path: string;
  kernel_log: KernelLogConfig;
  action_timeout_s: number;
  output_max_bytes: number;
  log_level: 'debug' | 'info' | 'warn' | 'error';
};

export class ConfigError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super(
      `invalid agent configuration: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
    );
    this.errors = errors;
  }
}

const HOST = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;
// systemd unit names and container names: no spaces, no leading dash (argv injection).
const UNIT = /^[A-Za-z0-9_.@:\\-]{1,256}$/;
const CONTAINER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
// A delayed reboot: the command returns at once, so the agent reports the outcome before the
// host goes down (a command left PROCESSING would be reset and re-claimed after the reboot).
export const DEFAULT_REBOOT_COMMAND = ['shutdown', '-r', '+1', 'Chronos agent: healing reboot'];

type Json = Record<string, unknown>;

/** Collects field-keyed errors while reading a loosely typed JSON object. */
class Reader {
  readonly errors: Record<string, string> = {};
  fail(field: string, message: string): undefined {
    this.errors[field] ??= message;
    return undefined;
  }
  string(obj: Json, key: string, field: string, fallback?: string): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return fallback ?? this.fail(field, 'is required');
    if (typeof value !== 'string' || value.trim() === '') return this.fail(field, 'must be non-empty text');
    return value;
  }
  number(obj: Json, key: string, field: string, fallback: number, min: number, max: number, int = false) {
    const value = obj[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || (int && !Number.isInteger(value)))
      return this.fail(field, `must be ${int ? 'a whole number' : 'a number'} between ${min} and ${max}`);
    if (value < min || value > max) return this.fail(field, `must be between ${min} and ${max}`);
    return value;
  }
  bool(obj: Json, key: string, field: string, fallback: boolean): boolean {
    const value = obj[key] ?? fallback;
    if (typeof value !== 'boolean') return this.fail(field, 'must be true or false') ?? fallback;
    return value;
  }
  object(obj: Json, key: string, field: string): Json {
    const value = obj[key];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(field, 'must be an object') ?? {};
    return value as Json;
  }
  array(obj: Json, key: string, field: string): unknown[] {
    const value = obj[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return this.fail(field, 'must be a list') ?? [];
    return value;
  }
  argv(value: unknown, field: string): string[] | undefined {
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === ''))
      return this.fail(field, 'must be a non-empty list of strings (program and arguments, no shell)');
    return value as string[];
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function httpUrl(r: Reader, value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value)) return r.fail(field, 'must be an http(s) URL');
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return r.fail(field, 'must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

function readServices(r: Reader, list: unknown[]): ServiceConfig[] {
  const services: ServiceConfig[] = [];
  const names = new Set<string>();
  list.forEach((item, i) => {
    const at = `services[${i}]`;
    if (!isObject(item)) return r.fail(at, 'must be an object');
    const name = r.string(item, 'name', `${at}.name`);
    if (name !== undefined && !NAME.test(name))
      r.fail(`${at}.name`, 'must be letters, digits, _ . @ - (at most 128, not starting with a sign)');
    if (name !== undefined && names.has(name)) r.fail(`${at}.name`, `duplicates another service named ${name}`);
    if (name !== undefined) names.add(name);
    const timeout_s = r.number(item, 'timeout_s', `${at}.timeout_s`, 5, 0.1, 300);
    const kind = item.kind;
    if (kind === 'http') {
      const url = httpUrl(r, r.string(item, 'url', `${at}.url`), `${at}.url`);
      const restart =
        item.restart_command === undefined || item.restart_command === null
          ? null
          : r.argv(item.restart_command, `${at}.restart_command`);
      if (name && url && timeout_s !== undefined)
        services.push({ name, kind, url, timeout_s, restart_command: restart ?? null });
    } else if (kind === 'systemd') {
      const unit = r.string(item, 'unit', `${at}.unit`, name);
      if (unit !== undefined && (!UNIT.test(unit) || unit.startsWith('-')))
        r.fail(`${at}.unit`, 'must be a systemd unit name');
      else if (name && unit && timeout_s !== undefined) services.push({ name, kind, unit, timeout_s });
    } else if (kind === 'container') {
      const container = r.string(item, 'container', `${at}.container`, name);
      const runtime = item.runtime ?? 'docker';
      if (runtime !== 'docker' && runtime !== 'podman') r.fail(`${at}.runtime`, 'must be docker or podman');
      if (container !== undefined && !CONTAINER.test(container)) r.fail(`${at}.container`, 'must be a container name');
      else if (name && container && timeout_s !== undefined && (runtime === 'docker' || runtime === 'podman'))
        services.push({ name, kind, container, runtime, timeout_s });
    } else r.fail(`${at}.kind`, 'must be http, systemd or container');
  });
  return services;
}

function readCleanupPaths(r: Reader, list: unknown[]): CleanupPath[] {
  const paths: CleanupPath[] = [];
  list.forEach((item, i) => {
    const at = `cleanup_paths[${i}]`;
    if (!isObject(item)) return r.fail(at, 'must be an object');
    const p = r.string(item, 'path', `${at}.path`);
    if (p !== undefined && !path.isAbsolute(p)) r.fail(`${at}.path`, 'must be an absolute path');
    if (p !== undefined && path.resolve(p) === '/') r.fail(`${at}.path`, 'must not be the root directory');
    const id = r.string(item, 'id', `${at}.id`, p);
    const days = r.number(item, 'older_than_days', `${at}.older_than_days`, 7, 1, 3650, true);
    const patterns = r.array(item, 'patterns', `${at}.patterns`);
    if (patterns.some((v) => typeof v !== 'string' || v === '' || v.includes('/')))
      r.fail(`${at}.patterns`, 'must be file name patterns (* and ?, no /)');
    if (p && id && days !== undefined && path.isAbsolute(p) && path.resolve(p) !== '/')
      paths.push({ id, path: path.resolve(p), older_than_days: days, patterns: patterns as string[] });
  });
  return paths;
}

function readKernelLog(r: Reader, obj: Json): KernelLogConfig {
  const source = obj.source ?? 'journalctl';
  if (source === 'journalctl' || source === 'none') return { source };
  if (source === 'kmsg') return { source, path: r.string(obj, 'path', 'kernel_log.path', '/dev/kmsg') ?? '/dev/kmsg' };
  if (source === 'file') return { source, path: r.string(obj, 'path', 'kernel_log.path') ?? '' };
  r.fail('kernel_log.source', 'must be journalctl, kmsg, file or none');
  return { source: 'none' };
}

/** Environment overrides of the scalar settings (strings converted to the file's types). */
const ENV_OVERRIDES: Array<[string, string, 'string' | 'number' | 'bool']> = [
  ['CHRONOS_AGENT_API_URL', 'api_url', 'string'],
  ['CHRONOS_AGENT_HOST', 'host', 'string'],
  ['CHRONOS_AGENT_SAMPLE_INTERVAL_S', 'sample_interval_s', 'number'],
  ['CHRONOS_AGENT_POLL_INTERVAL_S', 'poll_interval_s', 'number'],
  ['CHRONOS_AGENT_STATE_FILE', 'state_file', 'string'],
  ['CHRONOS_AGENT_PROC_ROOT', 'proc_root', 'string'],
  ['CHRONOS_AGENT_FS_ROOT', 'fs_root', 'string'],
  ['CHRONOS_AGENT_DRY_RUN', 'dry_run', 'bool'],
  ['CHRONOS_AGENT_DATABASE_URL', 'database_url', 'string'],
  ['CHRONOS_AGENT_LOG_LEVEL', 'log_level', 'string'],
];

function applyEnv(file: Json, env: NodeJS.ProcessEnv, r: Reader): Json {
  const merged: Json = { ...file };
  for (const [name, key, type] of ENV_OVERRIDES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (type === 'string') merged[key] = raw;
    else if (type === 'number') merged[key] = Number(raw);
    else if (raw === 'true' || raw === '1') merged[key] = true;
    else if (raw === 'false' || raw === '0') merged[key] = false;
    else r.fail(name, 'must be true or false');
  }
  return merged;
}

function readApiKey(r: Reader, env: NodeJS.ProcessEnv): string {
  if (env.CHRONOS_AGENT_API_KEY) return env.CHRONOS_AGENT_API_KEY.trim();
  const file = env.CHRONOS_AGENT_API_KEY_FILE;
  if (!file) return r.fail('CHRONOS_AGENT_API_KEY', 'is required (or CHRONOS_AGENT_API_KEY_FILE)') ?? '';
  try {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key) return key;
    return r.fail('CHRONOS_AGENT_API_KEY_FILE', 'names an empty file') ?? '';
  } catch (error) {
    return r.fail('CHRONOS_AGENT_API_KEY_FILE', `cannot be read (${(error as NodeJS.ErrnoException).code})`) ?? '';
  }
}

/** Validates a parsed config object merged with env; throws ConfigError naming every bad field. */
export function parseConfig(file: unknown, env: NodeJS.ProcessEnv = {}): AgentConfig {
  const r = new Reader();
  if (!isObject(file)) throw new ConfigError({ config: 'must be a JSON object' });
  const c = applyEnv(file, env, r);
  const api_key = readApiKey(r, env);
  const api_url = httpUrl(r, r.string(c, 'api_url', 'api_url'), 'api_url');
  const host = r.string(c, 'host', 'host', os.hostname());
  if (host !== undefined && !HOST.test(host)) r.fail('host', 'must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}$');
  const sample_interval_s = r.number(c, 'sample_interval_s', 'sample_interval_s', 10, 1, 3600);
  const poll_interval_s = r.number(c, 'poll_interval_s', 'poll_interval_s', 10, 1, 3600);
  const request_timeout_s = r.number(c, 'request_timeout_s', 'request_timeout_s', 10, 1, 300);
  const queue_max = r.number(c, 'queue_max', 'queue_max', 360, 0, 100_000, true);
  const proc_root = r.string(c, 'proc_root', 'proc_root', '/proc');
  const fs_root = r.string(c, 'fs_root', 'fs_root', '/');
  const disks = r.array(c, 'disks', 'disks');
  if (disks.some((d) => typeof d !== 'string' || !path.isAbsolute(d))) r.fail('disks', 'must be absolute paths');
  const state_file = r.string(c, 'state_file', 'state_file', '/var/lib/chronos-agent/state.json');
  const services = readServices(r, r.array(c, 'services', 'services'));
  const cleanup_paths = readCleanupPaths(r, r.array(c, 'cleanup_paths', 'cleanup_paths'));
  const allow_gpu_reset = r.bool(c, 'allow_gpu_reset', 'allow_gpu_reset', false);
  const rebootObj = r.object(c, 'reboot', 'reboot');
  const reboot = {
    enabled: r.bool(rebootObj, 'enabled', 'reboot.enabled', false),
    command:
      rebootObj.command === undefined ? DEFAULT_REBOOT_COMMAND : (r.argv(rebootObj.command, 'reboot.command') ?? []),
  };
  const dry_run = r.bool(c, 'dry_run', 'dry_run', false);
  const database_url = c.database_url === undefined || c.database_url === null ? null : c.database_url;
  if (database_url !== null && (typeof database_url !== 'string' || !/^postgres(ql)?:\/\//.test(database_url)))
    r.fail('database_url', 'must be a postgres:// URL');
  const psql_path = r.string(c, 'psql_path', 'psql_path', 'psql');
  const smiObj = r.object(c, 'nvidia_smi', 'nvidia_smi');
  const nvidia_smi = {
    path: r.string(smiObj, 'path', 'nvidia_smi.path', 'nvidia-smi') ?? 'nvidia-smi',
    timeout_s: r.number(smiObj, 'timeout_s', 'nvidia_smi.timeout_s', 5, 0.1, 120) ?? 5,
  };
  const systemctl_path = r.string(c, 'systemctl_path', 'systemctl_path', 'systemctl');
  const kernel_log = readKernelLog(r, r.object(c, 'kernel_log', 'kernel_log'));
  const action_timeout_s = r.number(c, 'action_timeout_s', 'action_timeout_s', 120, 1, 3600);
  const output_max_bytes = r.number(c, 'output_max_bytes', 'output_max_bytes', 16_384, 256, 60_000, true);
  const log_level = c.log_level ?? 'info';
  if (!LOG_LEVELS.includes(log_level as never)) r.fail('log_level', `must be one of ${LOG_LEVELS.join(', ')}`);

  if (Object.keys(r.errors).length > 0) throw new ConfigError(r.errors);
  return {
    api_url: api_url!,
    api_key,
    host: host!,
    sample_interval_s: sample_interval_s!,
    poll_interval_s: poll_interval_s!,
    request_timeout_s: request_timeout_s!,
    queue_max: queue_max!,
    proc_root: proc_root!,
    fs_root: fs_root!,
    disks: disks as string[],
    state_file: state_file!,
    services,
    cleanup_paths,
    allow_gpu_reset,
    reboot,
    dry_run,
    database_url: database_url as string | null,
    psql_path: psql_path!,
    nvidia_smi,
    systemctl_path: systemctl_path!,
    kernel_log,
    action_timeout_s: action_timeout_s!,
    output_max_bytes: output_max_bytes!,
    log_level: log_level as AgentConfig['log_level'],
  };
}

/** Reads CHRONOS_AGENT_CONFIG (optional: env alone can configure a minimal agent). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const file = env.CHRONOS_AGENT_CONFIG;
  let json: unknown = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError({ CHRONOS_AGENT_CONFIG: `cannot be read (${(error as NodeJS.ErrnoException).code})` });
    }
    try {
      json = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the text, which may hold database_url's password.
      throw new ConfigError({ CHRONOS_AGENT_CONFIG: 'is not valid JSON' });
    }
  }
  return parseConfig(json, env);
}
