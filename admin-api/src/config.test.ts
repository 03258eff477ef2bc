import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const valid = { DATABASE_URL: 'postgres://chronos:secret@localhost:5432/chronos' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, 'expected a ConfigError');
    return error.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = loadConfig(valid);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.migrateOnStart, true);
    assert.equal(config.databaseUrl, valid.DATABASE_URL);
  });

  it('names PORT when it is not a number', () => {
    const problems = problemsOf({ ...valid, PORT: 'abc' });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^PORT /);
  });

  it('refuses ports out of range', () => {
    assert.match(problemsOf({ ...valid, PORT: '70000' })[0]!, /^PORT must be between 0 and 65535/);
  });

  it('names DATABASE_URL when it cannot be parsed or is not PostgreSQL', () => {
    assert.match(problemsOf({ DATABASE_URL: 'not a url' })[0]!, /^DATABASE_URL must be a postgres:\/\//);
    assert.match(problemsOf({ DATABASE_URL: 'mysql://localhost/x' })[0]!, /^DATABASE_URL /);
  });

  it('says DATABASE_URL is required when missing or empty', () => {
    assert.deepEqual(problemsOf({}), ['DATABASE_URL is required']);
    assert.deepEqual(problemsOf({ DATABASE_URL: '' }), ['DATABASE_URL is required']);
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', DB_POOL_MAX: '0' });
    const names = problems.map((p) => p.split(' ')[0]).sort();
    assert.deepEqual(names, ['DATABASE_URL', 'DB_POOL_MAX', 'LOG_LEVEL', 'PORT']);
  });

  it('never echoes the database password in its messages', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@localhost/x' });
    assert.ok(problems.every((p) => !p.includes('hunter2')));
  });
  it('reads the HEALTH_ block with defaults, and names bad thresholds and a bad N8N_URL', () => {
    const config = loadConfig(valid);
    assert.deepEqual(
      { ...config.health, diskPath: undefined },
      {
        checkTimeoutMs: 2000,
        cacheMs: 5000,
        relayMaxLagS: 120,
        backupMaxAgeHours: 26,
        diskPath: undefined,
        diskMinFreePct: 10,
        memoryMinAvailablePct: 10,
      },
    );
    assert.equal(config.n8nUrl, undefined);
    const custom = loadConfig({
      ...valid,
      HEALTH_DISK_MIN_FREE_PCT: '2.5',
      HEALTH_CACHE_MS: '0',
      N8N_URL: 'http://n8n:5678',
    });
    assert.equal(custom.health.diskMinFreePct, 2.5);
    assert.equal(custom.health.cacheMs, 0);
    assert.equal(custom.n8nUrl, 'http://n8n:5678');
    const problems = problemsOf({
      ...valid,
      HEALTH_DISK_MIN_FREE_PCT: '101',
      HEALTH_MEMORY_MIN_AVAILABLE_PCT: '-1',
      N8N_URL: 'ftp://x',
    });
    assert.deepEqual(problems.map((p) => p.split(' ')[0]).sort(), [
      'HEALTH_DISK_MIN_FREE_PCT',
      'HEALTH_MEMORY_MIN_AVAILABLE_PCT',
      'N8N_URL',
    ]);
  });
});
