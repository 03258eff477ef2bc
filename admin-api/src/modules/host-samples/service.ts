// Samples pushed by the Chronos agent. One transaction per sample: the sample (idempotent on
// (host, taken_at): an agent re-sending after a timeout gets `duplicate: true`), a
// service_failures row per service reported down, and — in the first sample after a boot —
// the post-reboot validation as a health event (critical, with a health.alert, when a
// configured service did not come back).
//
// Samples are telemetry, not changes anyone made: they are not audited (every agent sends one
// every few seconds; the audit chain would serialise all of them). Evaluation and healing
// actions, which change things, are.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import { badRequest } from '../../http/problem.ts';
import type { ListQuery } from '../../http/list-query.ts';
import { emitAlert } from '../healing/alert.ts';
import { insertEvent } from '../healing/events-repo.ts';
import * as repo from './repo.ts';
import type { SampleRow } from './repo.ts';
import { MAX_FUTURE_SKEW_MS, type HostDto, type SampleDto, type SampleInput, type SampleMetrics } from './schemas.ts';

export function toDto(row: SampleRow): SampleDto {
  return {
    id: row.id,
    host: row.host,
    taken_at: row.taken_at.toISOString(),
    received_at: row.received_at.toISOString(),
    metrics: row.metrics,
  };
}

export async function ingest(
  pool: pg.Pool,
  sample: SampleInput,
  now: Date = new Date(),
): Promise<{ id: string; duplicate: boolean }> {
  const takenAt = new Date(sample.taken_at);
  if (takenAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS)
    throw badRequest('taken_at: is in the future (check the agent host clock)', {
      taken_at: `is more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of this server's clock`,
    });
  const { host, taken_at: _taken, ...metrics } = sample;
  const at = takenAt.toISOString();
  return withTransaction(pool, async (client) => {
    const id = await repo.insertSample(client, host, at, metrics as SampleMetrics);
    if (!id) {
      const existing = await repo.findSampleId(client, host, at);
      if (!existing) throw new Error(`sample ${host}@${at} conflicted but is not visible`);
      return { id: existing, duplicate: true };
    }
    await repo.insertServiceFailures(
      client,
      host,
      sample.services
        .filter((s) => s.status === 'down')
        .map((s) => ({
          service: s.name,
          failedAt: at,
          details: { kind: s.kind, ...(s.detail ? { detail: s.detail } : {}), sample_id: id },
        })),
    );
    if (sample.reboot_validation) await recordRebootValidation(client, host, sample, takenAt);
    return { id, duplicate: false };
  });
}

async function recordRebootValidation(client: pg.ClientBase, host: string, sample: SampleInput, at: Date) {
  const { services_up, services_down } = sample.reboot_validation!;
  const ok = services_down.length === 0;
  // A record of what was found after the boot, not a condition that persists: stored resolved.
  const row = await insertEvent(
    client,
    host,
    {
      kind: 'post_reboot_validation',
      metric: null,
      severity: ok ? 'info' : 'critical',
      value: services_down.length,
      threshold: 0,
      details: {
        services_up,
        services_down,
        boot_id: sample.boot_id ?? null,
        uptime_s: sample.uptime_s ?? null,
        agent_version: sample.agent_version,
      },
    },
    at,
    at,
  );
  if (!ok) await emitAlert(client, row);
}

export async function list(db: pg.Pool, query: ListQuery): Promise<{ rows: SampleDto[]; total: number }> {
  const { rows, total } = await repo.listSamples(db, query);
  return { rows: rows.map(toDto), total };
}

/** The newest sample of each host and its age; few hosts, so filtered, sorted and paged in memory. */
export async function hosts(
  db: pg.Pool,
  query: ListQuery,
  now: Date = new Date(),
): Promise<{ rows: HostDto[]; total: number }> {
  let all: HostDto[] = (await repo.latestPerHost(db)).map((row) => ({
    id: row.host,
    host: row.host,
    sample_id: row.id,
    taken_at: row.taken_at.toISOString(),
    received_at: row.received_at.toISOString(),
    age_s: Math.max(0, Math.round((now.getTime() - row.taken_at.getTime()) / 1000)),
    agent_version: typeof row.metrics.agent_version === 'string' ? row.metrics.agent_version : null,
    metrics: row.metrics,
  }));
  const { q, id: ids, host } = query.filter as { q?: string; id?: string[]; host?: string };
  if (q) all = all.filter((h) => h.host.toLowerCase().includes(q.toLowerCase()));
  if (ids) all = all.filter((h) => ids.includes(h.id));
  if (host) all = all.filter((h) => h.host === host);
  const [field, order] = query.sort;
  const sign = order === 'ASC' ? 1 : -1;
  const value = (h: HostDto) => h[field as keyof HostDto] as string | number;
  all.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
  return { rows: all.slice(query.range[0], query.range[1] + 1), total: all.length };
}
