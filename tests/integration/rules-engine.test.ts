// The rules engine over HTTP against real PostgreSQL: a status change of a command creates the
// follow-ups of matching rules (params rendered from the triggering command), chains of two
// steps, the loop guard (A→B→A stops with a visible reason), the depth limit, missing
// template variables, and follow-ups refused by the whitelist without undoing the status
// change that fired them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { startTestApi, UNLIMITED, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;
type Command = Json & { id: string; status: string; chain_depth: number; rule_refusals?: Json[] };

describe('rules engine', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let agent: string;
  let ops: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url, {}, UNLIMITED);
    pool = new pg.Pool({ connectionString: database.url });
    agent = (await createApiKey(pool, { name: 'agent', scopes: ['commands.manage'] })).key;
    ops = (await createApiKey(pool, { name: 'ops', scopes: ['whitelists.manage', 'admin'] })).key;
    await pool.query(
      `INSERT INTO subscriptions (url, event_types, secret_ciphertext, secret_nonce, secret_key_id)
       VALUES ('https://hooks.example.test/commands', ARRAY['command.*'],
               '\\x00112233445566778899aabbccddeeff'::bytea, '\\x00112233445566778899aabb'::bytea, 'k1')`,
    );
    await pool.query(
      `INSERT INTO whitelists (system, action, params) VALUES
        ('N8N', 'CREATE_USER', '{"user": {"type": "string", "required": true}, "email": {"type": "email"}}'),
        ('TELEGRAM', 'SEND_MESSAGE', '{"chat_id": {"type": "int", "required": true}, "message": {"type": "string", "required": true}}'),
        ('MAIL', 'SEND', '{"to": {"type": "email", "required": true}, "subject": {"type": "string"}}'),
        ('LOOP', 'A', '{"n": {"type": "int"}}'),
        ('LOOP', 'B', '{"n": {"type": "int"}}'),
        ('DEEP', 'ONE', '{}'), ('DEEP', 'TWO', '{}'), ('DEEP', 'THREE', '{}'), ('DEEP', 'FOUR', '{}'),
        ('BACKUP', 'RUN', '{"target": {"type": "string"}}'),
        ('ALERT', 'RAISE', '{"text": {"type": "string", "required": true}, "tries": {"type": "int"}}')`,
    );
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, token = agent) =>
    request(api.url, method, path, { token, body });
  const rule = async (body: Json) => {
    const r = await call('POST', '/api/v1/rules', body, ops);
    assert.equal(r.status, 200, r.text);
    return r.body as Json & { id: string };
  };
  const create = async (system: string, action: string, params: Json = {}) => {
    const r = await call('POST', '/api/v1/commands', { system, action, params });
    assert.equal(r.status, 200, r.text);
    return r.body as Command;
  };
  const read = async (id: string) => (await call('GET', `/api/v1/commands/${id}`)).body as Command;
  /** Claims (the system's whole queue) and completes `id` with `result`. */
  const complete = async (command: Command, result?: unknown) => {
    const claimed = await call('GET', `/api/v1/commands/${command.system}?limit=100`);
    assert.ok(
      claimed.body.some((c: Json) => c.id === command.id),
      `${command.id} claimable: ${claimed.text}`,
    );
    const done = await call('POST', `/api/v1/commands/${command.id}/complete`, { result });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'COMPLETED');
    return done.body as Command;
  };
  const followUps = async (parentId: string) =>
    (
      await call(
        'GET',
        `/api/v1/commands?filter=${encodeURIComponent(JSON.stringify({ parent_command_id: parentId }))}`,
      )
    ).body as Command[];

  let firstFollowUp: Command;

  it('creates the follow-up of a matching rule with params rendered from the command and its result', async () => {
    const welcome = await rule({
      name: 'welcome new users',
      trigger_system: 'N8N',
      trigger_action: 'CREATE_USER',
      follow_system: 'TELEGRAM',
      follow_action: 'SEND_MESSAGE',
      params_template: {
        chat_id: '{{command.result.chat_id}}',
        message: 'User {{command.params.user}} created <#{{command.result.uid}}>',
      },
    });
    const trigger = await create('N8N', 'CREATE_USER', { user: 'ann', email: 'ann@example.com' });
    assert.deepEqual(await followUps(trigger.id), [], 'nothing fires on PENDING');
    const done = await complete(trigger, { chat_id: 4711, uid: 'u-9' });
    assert.deepEqual(done.rule_refusals, []);
    const [follow, ...rest] = await followUps(trigger.id);
    assert.equal(rest.length, 0);
    assert.ok(follow);
    assert.equal(follow.system, 'TELEGRAM');
    assert.equal(follow.action, 'SEND_MESSAGE');
    assert.deepEqual(follow.params, { chat_id: 4711, message: 'User ann created <#u-9>' });
    assert.equal(follow.rule_id, welcome.id);
    assert.equal(follow.parent_command_id, trigger.id);
    assert.equal(follow.chain_depth, 1);
    assert.equal(follow.source, 'rule');
    assert.equal(follow.status, 'PENDING');
    const created = await pool.query(
      `SELECT count(*) FROM outbox WHERE entity_id = $1 AND event_type = 'command.created'`,
      [follow.id],
    );
    assert.equal(created.rows[0].count, '1');
    const audit = await pool.query(`SELECT action, details FROM audit_log WHERE entity_id = $1`, [follow.id]);
    assert.deepEqual(audit.rows, [
      {
        action: 'create',
        details: { rule_id: welcome.id, rule_name: 'welcome new users', parent_command_id: trigger.id },
      },
    ]);
    firstFollowUp = follow;
  });

  it('chains two steps, each one deeper, and leaves disabled rules alone', async () => {
    await rule({
      name: 'mail after telegram',
      trigger_system: 'TELEGRAM',
      trigger_action: 'SEND_MESSAGE',
      follow_system: 'MAIL',
      follow_action: 'SEND',
      params_template: { to: 'ops@example.com', subject: 'sent: {{command.params.message}}' },
    });
    await rule({
      name: 'disabled one',
      enabled: false,
      trigger_system: 'TELEGRAM',
      trigger_action: 'SEND_MESSAGE',
      follow_system: 'MAIL',
      follow_action: 'SEND',
      params_template: { to: 'nobody@example.com' },
    });
    await complete(firstFollowUp, { message_id: 1 });
    const [mail, ...rest] = await followUps(firstFollowUp.id);
    assert.equal(rest.length, 0, 'the disabled rule did not fire');
    assert.ok(mail);
    assert.equal(mail.chain_depth, 2);
    assert.equal(mail.parent_command_id, firstFollowUp.id);
    assert.deepEqual(mail.params, { to: 'ops@example.com', subject: 'sent: User ann created <#u-9>' });
  });

  it('stops a loop A→B→A at the rule that already fired in the chain, with a visible reason', async () => {
    const aToB = await rule({
      name: 'a then b',
      trigger_system: 'LOOP',
      trigger_action: 'A',
      follow_system: 'LOOP',
      follow_action: 'B',
      params_template: { n: '{{command.params.n}}' },
      max_depth: 10,
    });
    await rule({
      name: 'b then a',
      trigger_system: 'LOOP',
      trigger_action: 'B',
      follow_system: 'LOOP',
      follow_action: 'A',
      params_template: { n: '{{command.params.n}}' },
      max_depth: 10,
    });
    const a0 = await create('LOOP', 'A', { n: 1 });
    await complete(a0);
    const [b1] = await followUps(a0.id);
    assert.equal(b1?.action, 'B');
    await complete(b1!);
    const [a2] = await followUps(b1!.id);
    assert.equal(a2?.action, 'A');
    assert.equal(a2!.chain_depth, 2);
    const done = await complete(a2!);
    assert.equal(done.status, 'COMPLETED', 'the refusal does not undo the completion');
    assert.deepEqual(await followUps(a2!.id), []);
    assert.equal(done.rule_refusals!.length, 1);
    const refusal = done.rule_refusals![0]!;
    assert.equal(refusal.rule_id, aToB.id);
    assert.equal(refusal.rule_name, 'a then b');
    assert.equal(refusal.status, 'COMPLETED');
    assert.match(refusal.reason as string, /loop: rule "a then b" already created a command earlier in this chain/);
    assert.deepEqual((await read(a2!.id)).rule_refusals, done.rule_refusals);
    const audit = await pool.query(
      `SELECT success, details->>'reason' AS reason FROM audit_log WHERE entity_id = $1 AND action = 'rule.refused'`,
      [a2!.id],
    );
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].success, false);
    assert.equal(
      await pool.query(`SELECT count(*) FROM commands WHERE system = 'LOOP'`).then((r) => r.rows[0].count),
      '3',
    );
  });

  it("refuses a follow-up deeper than the rule's max_depth", async () => {
    await rule({
      name: 'one two',
      trigger_system: 'DEEP',
      trigger_action: 'ONE',
      follow_system: 'DEEP',
      follow_action: 'TWO',
    });
    await rule({
      name: 'two three',
      trigger_system: 'DEEP',
      trigger_action: 'TWO',
      follow_system: 'DEEP',
      follow_action: 'THREE',
      max_depth: 2,
    });
    await rule({
      name: 'three four',
      trigger_system: 'DEEP',
      trigger_action: 'THREE',
      follow_system: 'DEEP',
      follow_action: 'FOUR',
      max_depth: 2,
    });
    const one = await create('DEEP', 'ONE');
    await complete(one);
    const [two] = await followUps(one.id);
    await complete(two!);
    const [three] = await followUps(two!.id);
    assert.equal(three!.chain_depth, 2, 'depth 2 is within max_depth 2');
    const done = await complete(three!);
    assert.deepEqual(await followUps(three!.id), []);
    assert.match(done.rule_refusals![0]!.reason as string, /chain depth 3 would exceed the rule's max_depth 2/);
  });

  it('fires on FAILED with the error, and refuses templates naming variables the command lacks', async () => {
    await rule({
      name: 'alert on failed backup',
      trigger_system: 'BACKUP',
      trigger_action: 'RUN',
      trigger_status: 'FAILED',
      follow_system: 'ALERT',
      follow_action: 'RAISE',
      params_template: {
        text: 'backup {{command.params.target}} failed: {{command.error}}',
        tries: '{{command.attempts}}',
      },
    });
    await rule({
      name: 'needs a result',
      trigger_system: 'BACKUP',
      trigger_action: 'RUN',
      trigger_status: 'FAILED',
      follow_system: 'ALERT',
      follow_action: 'RAISE',
      params_template: { text: '{{command.result.summary}}' },
    });
    const backup = await create('BACKUP', 'RUN', { target: 'nightly' });
    await call('GET', '/api/v1/commands/BACKUP');
    const failed = await call('POST', `/api/v1/commands/${backup.id}/fail`, { error: 'disk full' });
    assert.equal(failed.status, 200, failed.text);
    assert.equal(failed.body.status, 'FAILED');
    const [alert, ...rest] = await followUps(backup.id);
    assert.equal(rest.length, 0);
    assert.deepEqual(alert!.params, { text: 'backup nightly failed: disk full', tries: 1 });
    assert.deepEqual(
      failed.body.rule_refusals.map((r: Json) => [r.rule_name, r.errors]),
      [['needs a result', { 'params_template.command.result.summary': 'is missing' }]],
    );
    assert.match(failed.body.rule_refusals[0].reason, /command\.result\.summary/);
  });

  it('records a follow-up refused by the whitelist without undoing the completion', async () => {
    const trigger = await create('N8N', 'CREATE_USER', { user: 'bob' });
    // The template places the result's chat_id into an int param; this result gives text.
    const done = await complete(trigger, { chat_id: 'not-a-number', uid: 'u-10' });
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(await followUps(trigger.id), []);
    assert.equal(done.rule_refusals!.length, 1);
    const refusal = done.rule_refusals![0]!;
    assert.equal(refusal.rule_name, 'welcome new users');
    assert.match(refusal.reason as string, /params do not type-check/);
    assert.deepEqual(refusal.errors, { 'params.chat_id': 'must be a whole number' });
    const types = await pool.query<{ event_type: string }>(
      `SELECT event_type FROM outbox WHERE entity_id = $1 ORDER BY created_at, id`,
      [trigger.id],
    );
    assert.deepEqual(
      types.rows.map((r) => r.event_type),
      ['command.created', 'command.processing', 'command.completed'],
    );

    // A whitelist entry disabled after the rule was saved: refused, and the completion stays.
    await pool.query(`UPDATE whitelists SET enabled = false WHERE system = 'TELEGRAM'`);
    const carol = await create('N8N', 'CREATE_USER', { user: 'carol' });
    const carolDone = await complete(carol, { chat_id: 5, uid: 'u-11' });
    assert.match(carolDone.rule_refusals![0]!.reason as string, /TELEGRAM\/SEND_MESSAGE is whitelisted but disabled/);
    assert.equal((await read(carol.id)).status, 'COMPLETED');
    assert.equal(
      await pool.query(`SELECT count(*) FROM commands WHERE system = 'TELEGRAM'`).then((r) => r.rows[0].count),
      '1',
    );
  });
});
