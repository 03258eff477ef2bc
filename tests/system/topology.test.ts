// The deployment's topology (docker/compose.yaml) without containers — PostgreSQL, Redis,
// n8n main + one n8n worker in queue mode, admin-api ×2 behind a balancer, the agent — and the
// end-to-end flows of the workflows through it:
//   - an event → event-mail → a mail at the SMTP server, the execution run by the worker;
//   - `ACTION: N8N PING` to the bot → command-dispatch on the worker claims and completes it → the rule's follow-up;
//   - a message the bot does not understand → telegram-inbound → n8n's reply;
//   - the relays of both replicas deliver a burst of events, each exactly once;
//   - the replicas share their rate-limit counters through Redis;
//   - the agent's samples arrive through the balancer.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import pg from 'pg';
import { request } from '../helpers/http.ts';
import { startTopology, type Topology } from '../helpers/topology.ts';
import { startSink } from './sink.ts';
import { eventually } from '../helpers/eventually.ts';
import { prepareWorkflowFlows, TELEGRAM_CHAT } from '../helpers/workflow-setup.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CHAT = TELEGRAM_CHAT;
/** Two n8n processes share this machine with the rest of the test run: generous waits. */
const WAIT_MS = 90_000;

describe('the deployment topology without containers', { timeout: 900_000 }, () => {
  let topology: Topology;
  const logTail: string[] = [];

  const call = (method: string, route: string, body?: unknown, base = topology.balancerUrl) =>
    request(base, method, route, { token: topology.adminKey, body });
  const ok = async (method: string, route: string, body?: unknown) => {
    const response = await call(method, route, body);
    assert.ok(response.status < 300, `${method} ${route}: ${response.status} ${response.text}`);
    return response.body as Json;
  };
  const filter = (f: Json) => `?filter=${encodeURIComponent(JSON.stringify(f))}`;

  before(async () => {
    topology = await startTopology({
      // Small relay batches, so a burst is shared between the two replicas' relays.
      apiEnv: { RELAY_BATCH_SIZE: '5' },
      log: (line) => {
        logTail.push(line);
        if (logTail.length > 200) logTail.shift();
      },
    });
    await prepareWorkflowFlows(call, topology);
    // The triggers registered their subscriptions at Chronos through the balancer.
    await eventually(
      async () => {
        const subscriptions = (await ok('GET', '/api/v1/subscriptions?range=[0,99]')) as unknown as Json[];
        const types = subscriptions.flatMap((s) => s.event_types as string[]);
        return ['event.created', 'command.created', 'telegram.message'].every((t) => types.includes(t));
      },
      'the Chronos Trigger subscriptions',
      WAIT_MS,
    );
  });

  afterEach((context) => {
    // The processes' last lines explain a failure better than a timeout does.
    if ((context as { passed?: boolean }).passed === false) console.error(logTail.join('\n'));
  });
  after(async () => {
    await topology?.stop();
  });

  it('mails a new event through event-mail, and the execution runs on the worker', async () => {
    const { smtp, n8n } = topology;
    await ok('POST', '/api/v1/events', {
      title: 'Queue-mode meeting',
      start_at: '2031-05-06T09:00:00Z',
      end_at: '2031-05-06T10:00:00Z',
      attendees: ['ann@example.test'],
    });
    await smtp.waitForMessages(1, 120_000);
    assert.equal(smtp.messages[0]!.parsed.subject, 'Event created: Queue-mode meeting');

    // n8n's own record: a successful execution of event-mail, and the worker's log naming it
    // (the main process never runs production executions in queue mode).
    const n8nDb = new pg.Client({ connectionString: topology.n8nDbUrl });
    await n8nDb.connect();
    try {
      const { rows } = await n8nDb.query<{ id: string; status: string }>(
        `SELECT id::text, status FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`,
        [n8n.workflowIds['event-mail']],
      );
      const succeeded = rows.filter((r) => r.status === 'success');
      assert.ok(succeeded.length >= 1, `event-mail executions: ${JSON.stringify(rows)}`);
      const workerRan = (id: string) => n8n.worker.log().some((l) => l.includes(`Worker finished execution ${id} `));
      await eventually(async () => succeeded.every((r) => workerRan(r.id)), 'the worker to log the execution', 10_000);
    } finally {
      await n8nDb.end();
    }
  });

  it('dispatches an ACTION command to the worker, which completes it through the callback; the rule follows', async () => {
    const { telegram } = topology;
    const update = telegram.textUpdate(CHAT, 'ACTION: N8N PING');
    assert.equal((await telegram.deliver(update, { url: `${topology.balancerUrl}/telegram/webhook` })).status, 200);
    const [ping] = (await ok(
      'GET',
      `/api/v1/commands${filter({ system: 'N8N', action: 'PING' })}`,
    )) as unknown as Json[];
    assert.ok(ping, 'the ACTION became a command');
    const done = await eventually(
      async () => {
        const command = await ok('GET', `/api/v1/commands/${ping.id}`);
        return command.status === 'COMPLETED' && command;
      },
      'n8n to complete the PING command',
      WAIT_MS,
    );
    assert.deepEqual(done.result, { pong: true });
    const followUps = (await ok(
      'GET',
      `/api/v1/commands${filter({ parent_command_id: ping.id })}`,
    )) as unknown as Json[];
    assert.deepEqual(
      followUps.map((c) => [c.action, c.source]),
      [['FOLLOW_UP', 'rule']],
    );
  });

  it("answers a Telegram message the bot did not understand from the worker's telegram-inbound run", async () => {
    const { telegram } = topology;
    const before = telegram.sent.length;
    const update = telegram.textUpdate(CHAT, 'hello from the topology');
    assert.equal((await telegram.deliver(update, { url: `${topology.balancerUrl}/telegram/webhook` })).status, 200);
    const reply = await eventually(
      async () => telegram.sent.slice(before).find((m) => m.text.startsWith('n8n received your message')),
      "n8n's reply at the Bot API",
      WAIT_MS,
    );
    assert.equal(reply.text, 'n8n received your message: “hello from the topology”');
    assert.equal(reply.chat_id, CHAT);
  });

  it('delivers a burst of events once each, with both replicas relaying', async () => {
    const sink = await startSink();
    try {
      const subscription = await ok('POST', '/api/v1/subscriptions', {
        url: sink.url,
        event_types: ['event.deleted'],
        secret: sink.secret,
      });
      // event.deleted: no workflow listens to it, so the burst reaches only this sink.
      const created: string[] = [];
      for (let wave = 0; wave < 4; wave++) {
        const events = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            ok('POST', '/api/v1/events', {
              title: `burst ${wave}-${i}`,
              start_at: '2032-01-01T09:00:00Z',
              end_at: '2032-01-01T10:00:00Z',
            }),
          ),
        );
        await Promise.all(events.map((e) => ok('DELETE', `/api/v1/events/${e.id}`)));
        created.push(...events.map((e) => String(e.id)));
      }
      await eventually(async () => sink.received.size >= created.length, `${created.length} deliveries`, 120_000);
      // Anything late would be a duplicate: give the relays a moment more, then count.
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(sink.badSignatures, 0);
      assert.equal(sink.duplicates(), 0, 'no webhook-id delivered twice');
      const received = [...sink.received.values()];
      assert.deepEqual(new Set(received.map((r) => r.data.id)), new Set(created));
      assert.equal(received.length, created.length);

      const { rows } = await topology.pool.query<{ relay: string }>(
        `SELECT DISTINCT a.relay FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id
          WHERE o.subscription_id = $1`,
        [subscription.id],
      );
      const pids = topology.apis.map((api) => api.pid());
      const relayPids = new Set(rows.map((r) => Number(r.relay.split(':')[1])));
      for (const pid of pids)
        assert.ok(relayPids.has(pid!), `the relay of pid ${pid} delivered some (${[...relayPids]})`);
    } finally {
      await sink.close();
    }
  });

  it('shares rate-limit counters between the replicas through Redis', async () => {
    const [one, two] = topology.apis as [Topology['apis'][0], Topology['apis'][0]];
    const remaining = async (base: string) => {
      const response = await call('GET', '/api/auth/me', undefined, base);
      assert.equal(response.status, 200);
      return Number(response.headers.get('x-ratelimit-remaining'));
    };
    const first = await remaining(one.url);
    for (let i = 0; i < 3; i++) await remaining(one.url);
    // Four requests spent at replica 1: replica 2 counts on from there.
    assert.equal(await remaining(two.url), first - 4);
    assert.equal(await remaining(one.url), first - 5);
  });

  it("stores the agent's samples, pushed through the balancer", async () => {
    const { rows } = await topology.pool.query<{ n: number; cpu: boolean }>(
      `SELECT count(*)::int AS n, bool_and(metrics ? 'cpu') AS cpu FROM health_samples WHERE host = $1`,
      [topology.agent.host],
    );
    assert.ok(rows[0]!.n >= 1);
    assert.equal(rows[0]!.cpu, true);
  });
});
