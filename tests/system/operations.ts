// The operations of the mixed workload, each one HTTP request as a real client makes it:
//   console.*   what the console reads, signed in as a console user (session JWT): the events
//               window, commands, outbox, audit, and the dashboard's counts (perPage 1 totals);
//   api.*       writes with the admin API key: events created and updated, commands created
//               (whitelisted, with an idempotency key) and replayed with the same key;
//   ingest      records pushed to /ingest/{domain} with the run's ingest token.
// A 2xx answer of a write is recorded in the ledger; a 2xx whose content is wrong (a replay
// answered with another command, fewer records stored than sent) is a `problem`.
import type { Balancer, Sent } from './balancer.ts';
import type { Fixtures } from './fixtures.ts';
import type { EventBody, Ledger } from './ledger.ts';
import type { Random } from './rng.ts';

export const OPERATIONS = [
  'console.events',
  'console.commands',
  'console.outbox',
  'console.audit',
  'console.counts',
  'api.event.create',
  'api.event.update',
  'api.command.create',
  'api.command.replay',
  'ingest',
] as const;
export type OpName = (typeof OPERATIONS)[number];

/** About a third reads, a third API writes, a third ingest. */
export const DEFAULT_WEIGHTS: Record<OpName, number> = {
  'console.events': 8,
  'console.commands': 5,
  'console.outbox': 5,
  'console.audit': 5,
  'console.counts': 10,
  'api.event.create': 12,
  'api.event.update': 8,
  'api.command.create': 10,
  'api.command.replay': 3,
  ingest: 34,
};

export type OpContext = {
  balancer: Balancer;
  fixtures: Fixtures;
  ledger: Ledger;
  random: Random;
  /** A number unique within the run (titles, idempotency keys, record sequence). */
  next(): number;
};

export type OpAttempt = { sent: Sent; problem?: string };

const ok = (sent: Sent) => !!sent.response && sent.response.status >= 200 && sent.response.status < 300;
const json = (sent: Sent) => JSON.parse(sent.response!.body);
const pick = <T>(list: readonly T[], random: Random): T | undefined => list[Math.floor(random() * list.length)];

function listPath(resource: string, filter: Record<string, unknown>, range: [number, number], sort?: [string, string]) {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), range: JSON.stringify(range) });
  if (sort) query.set('sort', JSON.stringify(sort));
  return `/api/v1/${resource}?${query}`;
}

async function consoleRead(ctx: OpContext, path: string): Promise<OpAttempt> {
  let token: string;
  try {
    token = await ctx.fixtures.consoleToken();
  } catch (error) {
    // Counted as an operation without an answer: the console could not sign in.
    return { sent: { error: `sign-in failed: ${(error as Error).message}`, replica: '-', failedOver: false } };
  }
  const sent = await ctx.balancer.send({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
  if (ok(sent) && !Array.isArray(json(sent))) return { sent, problem: 'a list answered with something else' };
  return { sent };
}

const admin = (ctx: OpContext) => ({ authorization: `Bearer ${ctx.fixtures.adminKey}` });

function newEvent(ctx: OpContext): EventBody {
  // Somewhere in the next 30 days, on a quarter hour, 15–120 minutes long.
  const start = Math.ceil(Date.now() / 900_000) * 900_000 + Math.floor(ctx.random() * 30 * 96) * 900_000;
  const end = start + (1 + Math.floor(ctx.random() * 8)) * 900_000;
  return {
    calendar_id: pick(ctx.fixtures.calendars, ctx.random)!,
    title: `Load ${ctx.fixtures.runId} #${ctx.next()}`,
    start_at: new Date(start).toISOString(),
    end_at: new Date(end).toISOString(),
    mode: 'free',
  };
}

const COUNTS: Array<(now: Date) => string> = [
  (now) => {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const to = new Date(day.getTime() + 86_400_000);
    return listPath('events', { from: day.toISOString(), to: to.toISOString() }, [0, 0]);
  },
  () => listPath('outbox', { status: 'pending' }, [0, 0]),
  () => listPath('outbox', { status: 'dead' }, [0, 0]),
  () => listPath('commands', { status: 'PENDING' }, [0, 0]),
];

function commandBody(ctx: OpContext, key: string, n: number) {
  return { ...ctx.fixtures.command, params: { n }, idempotency_key: key };
}

export const operations: Record<OpName, (ctx: OpContext) => Promise<OpAttempt>> = {
  'console.events': (ctx) => {
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86_400_000);
    return consoleRead(
      ctx,
      listPath('events', { from: from.toISOString(), to: to.toISOString() }, [0, 49], ['start_at', 'ASC']),
    );
  },
  'console.commands': (ctx) => consoleRead(ctx, listPath('commands', {}, [0, 24], ['created_at', 'DESC'])),
  'console.outbox': (ctx) => consoleRead(ctx, listPath('outbox', {}, [0, 24], ['created_at', 'DESC'])),
  'console.audit': (ctx) => consoleRead(ctx, listPath('audit', {}, [0, 24])),
  'console.counts': (ctx) => consoleRead(ctx, COUNTS[ctx.next() % COUNTS.length]!(new Date())),

  async 'api.event.create'(ctx) {
    const body = newEvent(ctx);
    const sent = await ctx.balancer.send({
      method: 'POST',
      path: '/api/v1/events',
      headers: admin(ctx),
      body: JSON.stringify(body),
    });
    if (!ok(sent)) return { sent };
    const { id } = json(sent) as { id?: string };
    if (!id) return { sent, problem: 'the created event has no id' };
    ctx.ledger.events.set(id, body);
    ctx.ledger.eventIds.push(id);
    return { sent };
  },

  async 'api.event.update'(ctx) {
    const id = pick(ctx.ledger.eventIds, ctx.random);
    if (!id) return operations['api.event.create'](ctx);
    // A new title every time, so each update is a change and emits event.updated.
    const title = `Load ${ctx.fixtures.runId} #${ctx.next()} (updated)`;
    const sent = await ctx.balancer.send({
      method: 'PUT',
      path: `/api/v1/events/${id}`,
      headers: admin(ctx),
      body: JSON.stringify({ ...ctx.ledger.events.get(id), title }),
    });
    if (ok(sent)) ctx.ledger.updates.push({ id, title });
    return { sent };
  },

  async 'api.command.create'(ctx) {
    const n = ctx.next();
    const key = `load-${ctx.fixtures.runId}-${n}`;
    const sent = await ctx.balancer.send({
      method: 'POST',
      path: '/api/v1/commands',
      headers: admin(ctx),
      body: JSON.stringify(commandBody(ctx, key, n)),
    });
    if (!ok(sent)) return { sent };
    const { id } = json(sent) as { id?: string };
    if (!id) return { sent, problem: 'the created command has no id' };
    ctx.ledger.commands.set(key, { id, n });
    ctx.ledger.commandKeys.push(key);
    return { sent };
  },

  async 'api.command.replay'(ctx) {
    const key = pick(ctx.ledger.commandKeys, ctx.random);
    if (!key) return operations['api.command.create'](ctx);
    const first = ctx.ledger.commands.get(key)!;
    const sent = await ctx.balancer.send({
      method: 'POST',
      path: '/api/v1/commands',
      headers: admin(ctx),
      body: JSON.stringify(commandBody(ctx, key, first.n)),
    });
    if (!ok(sent)) return { sent };
    const { id } = json(sent) as { id?: string };
    if (id !== first.id) return { sent, problem: `the replay of ${key} answered command ${id}, not ${first.id}` };
    if (sent.response!.headers['idempotent-replayed'] !== 'true')
      return { sent, problem: `the replay of ${key} was not marked Idempotent-Replayed` };
    return { sent };
  },

  async ingest(ctx) {
    const count = 1 + Math.floor(ctx.random() * 5);
    const records = Array.from({ length: count }, () => ({
      seq: ctx.next(),
      sensor: `s-${Math.floor(ctx.random() * 20)}`,
      value: Math.round(ctx.random() * 10_000) / 100,
      at: new Date().toISOString(),
    }));
    const { domain, token } = ctx.fixtures.ingest;
    const sent = await ctx.balancer.send({
      method: 'POST',
      path: `/ingest/${domain}`,
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(records),
    });
    if (!ok(sent)) return { sent };
    const { received, ids } = json(sent) as { received?: number; ids?: string[] };
    if (received !== count || ids?.length !== count)
      return { sent, problem: `sent ${count} records, ${received} acknowledged` };
    ctx.ledger.ingests.push({ ids });
    return { sent };
  },
};
