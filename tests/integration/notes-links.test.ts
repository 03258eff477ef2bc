// /api/v1/notes and /api/v1/saved-links over HTTP: CRUD, bilingual full-text search plus
// substring matches, filters (tags, event, source, creation window), sort and range, validation
// by field (tags, URLs, unknown events), audit, scopes — and createNote/createSavedLink inside a
// caller's transaction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { HttpProblem } from '../../admin-api/src/http/problem.ts';
import { createApiKey } from '../../admin-api/src/modules/api-keys/service.ts';
import { createNote } from '../../admin-api/src/modules/notes/service.ts';
import { createSavedLink } from '../../admin-api/src/modules/saved-links/service.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { request } from '../helpers/http.ts';

type Json = Record<string, unknown>;

const listPath = (base: string, query: Record<string, unknown>) =>
  `${base}?${Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&')}`;

const MISSING_EVENT = '7d4c2f4e-9a51-4a6e-8a8e-0c1f2b3d4e5f';
const systemActor = { actorType: 'system' as const, actorId: null, actorLabel: 'entry-parser' };

describe('notes and saved links', () => {
  let database: TestDatabase;
  let api: TestApi;
  let pool: pg.Pool;
  let writer: string;
  let reader: string;
  let eventId: string;

  before(async () => {
    database = await createTestDatabase();
    api = await startTestApi(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    writer = (await createApiKey(pool, { name: 'collector', scopes: ['events.read', 'events.write'] })).key;
    reader = (await createApiKey(pool, { name: 'reader', scopes: ['events.read'] })).key;
    const event = await pool.query<{ id: string }>(
      `INSERT INTO events (title, start_at, end_at) VALUES ('Planning', now(), now() + interval '1 hour') RETURNING id`,
    );
    eventId = event.rows[0]!.id;
  });
  after(async () => {
    await api.close();
    await pool.end();
    await database.drop();
  });

  const call = (method: string, path: string, body?: unknown, key = writer) =>
    request(api.url, method, path, { token: key, body });
  const ids = (reply: { body: Json[] }) => reply.body.map((r) => r.id);
  const rows = async (table: string) => Number((await pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  describe('notes', () => {
    const notes: Record<string, string> = {};
    const list = (query: Record<string, unknown>) => call('GET', listPath('/api/v1/notes', query), undefined, reader);

    it('creates, reads, replaces and deletes a note', async () => {
      const created = await call('POST', '/api/v1/notes', {
        text: '  Die Besprechungen wurden verschoben  ',
        tags: ['team', ' planning ', 'team'],
        event_id: eventId,
      });
      assert.equal(created.status, 200, created.text);
      notes.german = created.body.id;
      assert.equal(created.body.text, 'Die Besprechungen wurden verschoben');
      assert.deepEqual(created.body.tags, ['team', 'planning']);
      assert.equal(created.body.source, 'api');
      assert.equal(created.body.source_ref, null);
      assert.equal(created.body.event_id, eventId);
      assert.deepEqual((await call('GET', `/api/v1/notes/${notes.german}`, undefined, reader)).body, created.body);

      const english = await call('POST', '/api/v1/notes', {
        text: 'Meetings were moved to Thursday',
        tags: ['team'],
        source: 'telegram',
        source_ref: 'chat:42/msg:7',
      });
      assert.equal(english.status, 200, english.text);
      notes.english = english.body.id;
      const other = await call('POST', '/api/v1/notes', { text: 'Buy oat milk', tags: ['home'], source: 'console' });
      notes.other = other.body.id;

      const put = await call('PUT', `/api/v1/notes/${notes.english}`, {
        ...english.body,
        id: notes.other,
        created_at: '2000-01-01T00:00:00Z',
        text: 'Meetings were moved to Friday',
        tags: ['team', 'moved'],
      });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.id, notes.english);
      assert.equal(put.body.text, 'Meetings were moved to Friday');
      assert.deepEqual(put.body.tags, ['team', 'moved']);
      assert.equal(put.body.source, 'telegram');
      assert.equal(put.body.source_ref, 'chat:42/msg:7');
      assert.equal(put.body.created_at, english.body.created_at);
      assert.equal((await call('GET', `/api/v1/notes/${notes.other}`)).body.text, 'Buy oat milk');

      const scratch = await call('POST', '/api/v1/notes', { text: 'scratch' });
      const deleted = await call('DELETE', `/api/v1/notes/${scratch.body.id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.text, 'scratch');
      assert.equal((await call('GET', `/api/v1/notes/${scratch.body.id}`)).status, 404);
      assert.equal((await call('DELETE', `/api/v1/notes/${scratch.body.id}`)).status, 404);
      assert.equal((await call('PUT', `/api/v1/notes/${scratch.body.id}`, { text: 'x' })).status, 404);
      assert.equal((await call('GET', '/api/v1/notes/not-a-uuid')).status, 400);
    });

    it('finds German and English text by stem, and parts of words', async () => {
      assert.deepEqual(ids(await list({ filter: { q: 'Besprechung' } })), [notes.german]);
      assert.deepEqual(ids(await list({ filter: { q: 'besprechungen verschoben' } })), [notes.german]);
      assert.deepEqual(ids(await list({ filter: { q: 'meeting' } })), [notes.english]);
      assert.deepEqual(ids(await list({ filter: { q: 'MOVE' } })), [notes.english]);
      assert.deepEqual(ids(await list({ filter: { q: 'sprech' } })), [notes.german]);
      assert.deepEqual(ids(await list({ filter: { q: 'oat mil' } })), [notes.other]);
      assert.deepEqual(ids(await list({ filter: { q: '100%_\\' } })), []);
      const none = await list({ filter: { q: 'Fahrrad' } });
      assert.equal(none.status, 200);
      assert.equal(none.headers.get('content-range'), 'notes */0');
    });

    it('filters by tags, event, source and creation window; sorts and pages', async () => {
      await pool.query(`UPDATE notes SET created_at = '2025-01-10T10:00:00Z' WHERE id = $1`, [notes.german]);
      await pool.query(`UPDATE notes SET created_at = '2025-02-10T10:00:00Z' WHERE id = $1`, [notes.english]);
      await pool.query(`UPDATE notes SET created_at = '2025-03-10T10:00:00Z' WHERE id = $1`, [notes.other]);

      const all = await list({});
      assert.equal(all.status, 200, all.text);
      assert.equal(all.headers.get('content-range'), 'notes 0-2/3');
      assert.deepEqual(ids(all), [notes.other, notes.english, notes.german]);
      const page = await list({ sort: ['created_at', 'ASC'], range: [1, 2] });
      assert.equal(page.headers.get('content-range'), 'notes 1-2/3');
      assert.deepEqual(ids(page), [notes.english, notes.other]);
      const updated = await list({ sort: ['updated_at', 'DESC'], range: [0, 0] });
      assert.equal(updated.headers.get('content-range'), 'notes 0-0/3');
      // (the UPDATEs above stamped updated_at in this order too)
      assert.deepEqual(ids(updated), [notes.other]);

      assert.deepEqual(ids(await list({ filter: { tags: 'team' }, sort: ['created_at', 'ASC'] })), [
        notes.german,
        notes.english,
      ]);
      assert.deepEqual(ids(await list({ filter: { tags: ['team', 'moved'] } })), [notes.english]);
      assert.deepEqual(ids(await list({ filter: { tags: ['team', 'home'] } })), []);
      assert.deepEqual(ids(await list({ filter: { event_id: eventId } })), [notes.german]);
      assert.deepEqual(ids(await list({ filter: { source: 'telegram' } })), [notes.english]);
      assert.deepEqual(ids(await list({ filter: { source: ['console', 'api'] }, sort: ['created_at', 'ASC'] })), [
        notes.german,
        notes.other,
      ]);
      assert.deepEqual(
        ids(await list({ filter: { created_from: '2025-02-01T00:00:00Z', created_to: '2025-03-10T10:00:00Z' } })),
        [notes.english],
      );
      assert.deepEqual(ids(await list({ filter: { created_from: '2025-02-10T11:00:00+01:00' } })), [
        notes.other,
        notes.english,
      ]);
      assert.deepEqual(ids(await list({ filter: { id: [notes.german, notes.other] } })), [notes.other, notes.german]);
      assert.deepEqual(ids(await list({ filter: { q: 'team', tags: 'moved' } })), []);

      for (const [query, field] of [
        [{ filter: { created_from: 'yesterday' } }, 'filter.created_from'],
        [{ filter: { event_id: 'x' } }, 'filter.event_id'],
        [{ filter: { tags: [' '] } }, 'filter.tags'],
        [{ filter: { colour: 'red' } }, 'filter.colour'],
        [{ sort: ['text', 'ASC'] }, 'sort'],
      ] as const) {
        const reply = await list(query);
        assert.equal(reply.status, 400, JSON.stringify(query));
        assert.ok(
          Object.keys(reply.body.errors).some((k) => k.startsWith(field)),
          `${JSON.stringify(query)}: ${reply.text}`,
        );
      }
    });

    it('refuses bad notes field by field, unknown events included, and writes nothing', async () => {
      const before = await rows('notes');
      const bad = await call('POST', '/api/v1/notes', {
        text: '   ',
        tags: ['ok', ' ', 'two\nlines', 'x'.repeat(101), 7],
        source: 'Telegram',
        event_id: 'not-a-uuid',
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.body.errors).sort(), [
        'event_id',
        'source',
        'tags.1',
        'tags.2',
        'tags.3',
        'tags.4',
        'text',
      ]);
      const tooMany = await call('POST', '/api/v1/notes', {
        text: 'many tags',
        tags: Array.from({ length: 51 }, (_, i) => `t${i}`),
      });
      assert.equal(tooMany.status, 400);
      assert.ok(tooMany.body.errors.tags);
      const tooLong = await call('POST', '/api/v1/notes', { text: 'x'.repeat(100_001) });
      assert.equal(tooLong.status, 400);
      assert.ok(tooLong.body.errors.text);
      const unknownEvent = await call('POST', '/api/v1/notes', { text: 'orphan', event_id: MISSING_EVENT });
      assert.equal(unknownEvent.status, 400);
      assert.deepEqual(Object.keys(unknownEvent.body.errors), ['event_id']);
      const putUnknown = await call('PUT', `/api/v1/notes/${notes.other}`, { text: 'x', event_id: MISSING_EVENT });
      assert.equal(putUnknown.status, 400);
      assert.ok(putUnknown.body.errors.event_id);
      assert.equal(await rows('notes'), before);
      assert.equal((await call('GET', `/api/v1/notes/${notes.other}`)).body.text, 'Buy oat milk');
    });
  });

  describe('saved links', () => {
    const links: Record<string, string> = {};
    const list = (query: Record<string, unknown>) =>
      call('GET', listPath('/api/v1/saved-links', query), undefined, reader);

    it('creates, reads, replaces and deletes a saved link', async () => {
      const created = await call('POST', '/api/v1/saved-links', {
        url: ' https://docs.example.org/guide/scheduling?lang=de#buffers ',
        description: 'Anleitung zur Terminplanung mit Pufferzeiten',
        tags: ['docs', 'docs', 'scheduling'],
        event_id: eventId,
      });
      assert.equal(created.status, 200, created.text);
      links.docs = created.body.id;
      assert.equal(created.body.url, 'https://docs.example.org/guide/scheduling?lang=de#buffers');
      assert.deepEqual(created.body.tags, ['docs', 'scheduling']);
      assert.equal(created.body.source, 'api');
      assert.deepEqual((await call('GET', `/api/v1/saved-links/${links.docs}`, undefined, reader)).body, created.body);

      const blog = await call('POST', '/api/v1/saved-links', {
        url: 'http://blog.example.com/posts/42',
        description: 'Running better meetings',
        tags: ['reading'],
        source: 'telegram',
      });
      assert.equal(blog.status, 200, blog.text);
      links.blog = blog.body.id;
      const bare = await call('POST', '/api/v1/saved-links', { url: 'https://acme.test/' });
      assert.equal(bare.status, 200, bare.text);
      assert.equal(bare.body.description, null);
      links.bare = bare.body.id;

      const put = await call('PUT', `/api/v1/saved-links/${links.blog}`, {
        ...blog.body,
        id: links.docs,
        updated_at: '2000-01-01T00:00:00Z',
        description: 'Running better meetings (part 2)',
        url: 'https://blog.example.com/posts/43',
      });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.id, links.blog);
      assert.equal(put.body.url, 'https://blog.example.com/posts/43');
      assert.equal(put.body.source, 'telegram');
      assert.notEqual(put.body.updated_at, '2000-01-01T00:00:00.000Z');

      const scratch = await call('POST', '/api/v1/saved-links', { url: 'https://tmp.test/x' });
      const deleted = await call('DELETE', `/api/v1/saved-links/${scratch.body.id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.url, 'https://tmp.test/x');
      assert.equal((await call('GET', `/api/v1/saved-links/${scratch.body.id}`)).status, 404);
    });

    it('searches descriptions and URLs, in German and English, whole words and parts', async () => {
      assert.deepEqual(ids(await list({ filter: { q: 'Terminplanung' } })), [links.docs]);
      assert.deepEqual(ids(await list({ filter: { q: 'Puffer' } })), [links.docs]);
      assert.deepEqual(ids(await list({ filter: { q: 'meeting' } })), [links.blog]);
      assert.deepEqual(ids(await list({ filter: { q: 'blog.example' } })), [links.blog]);
      assert.deepEqual(ids(await list({ filter: { q: 'acme' } })), [links.bare]);
    });

    it('filters, sorts by url, pages', async () => {
      const byUrl = await list({ sort: ['url', 'ASC'] });
      assert.equal(byUrl.status, 200, byUrl.text);
      assert.equal(byUrl.headers.get('content-range'), 'saved-links 0-2/3');
      assert.deepEqual(ids(byUrl), [links.bare, links.blog, links.docs]);
      const page = await list({ sort: ['url', 'DESC'], range: [0, 1] });
      assert.equal(page.headers.get('content-range'), 'saved-links 0-1/3');
      assert.deepEqual(ids(page), [links.docs, links.blog]);
      assert.deepEqual(ids(await list({ filter: { tags: 'docs' } })), [links.docs]);
      assert.deepEqual(ids(await list({ filter: { event_id: eventId } })), [links.docs]);
      assert.deepEqual(ids(await list({ filter: { source: 'telegram' } })), [links.blog]);
      assert.deepEqual(ids(await list({ filter: { created_to: '2000-01-01T00:00:00Z' } })), []);
      assert.equal((await list({ sort: ['description', 'ASC'] })).status, 400);
    });

    it('refuses anything but http(s) URLs with a host, bad tags and unknown events', async () => {
      const before = await rows('saved_links');
      for (const url of [
        'javascript:alert(1)',
        'ftp://x',
        'data:text/html,<script>1</script>',
        'https://',
        'http:/example.com',
        'https://exa mple.com',
        'https://example.com/a b',
        'example.com',
        '',
        `https://example.com/${'a'.repeat(2048)}`,
        42,
        null,
      ]) {
        const reply = await call('POST', '/api/v1/saved-links', { url });
        assert.equal(reply.status, 400, `${String(url).slice(0, 40)}: ${reply.text}`);
        assert.deepEqual(Object.keys(reply.body.errors), ['url'], String(url).slice(0, 40));
      }
      const bad = await call('POST', '/api/v1/saved-links', {
        url: 'https://ok.test',
        description: 'x'.repeat(10_001),
        tags: 'docs',
        source: '1abc',
        event_id: MISSING_EVENT,
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.body.errors).sort(), ['description', 'source', 'tags']);
      const unknownEvent = await call('POST', '/api/v1/saved-links', {
        url: 'https://ok.test',
        event_id: MISSING_EVENT,
      });
      assert.equal(unknownEvent.status, 400);
      assert.deepEqual(Object.keys(unknownEvent.body.errors), ['event_id']);
      const putBad = await call('PUT', `/api/v1/saved-links/${links.bare}`, { url: 'javascript:void(0)' });
      assert.equal(putBad.status, 400);
      assert.equal(await rows('saved_links'), before);
    });
  });

  it('keeps notes and links when their event is deleted, without the reference', async () => {
    const event = await pool.query<{ id: string }>(
      `INSERT INTO events (title, start_at, end_at) VALUES ('Short-lived', now(), now() + interval '1 hour') RETURNING id`,
    );
    const id = event.rows[0]!.id;
    const note = await call('POST', '/api/v1/notes', { text: 'about the short-lived event', event_id: id });
    const link = await call('POST', '/api/v1/saved-links', { url: 'https://short.test', event_id: id });
    assert.equal(note.body.event_id, id);
    await pool.query('DELETE FROM events WHERE id = $1', [id]);
    assert.equal((await call('GET', `/api/v1/notes/${note.body.id}`)).body.event_id, null);
    assert.equal((await call('GET', `/api/v1/saved-links/${link.body.id}`)).body.event_id, null);
  });

  it('createNote / createSavedLink work inside a caller’s transaction and validate like the API', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const note = await createNote(
        client,
        { text: 'NOTIZ aus dem Kalender', event_id: eventId, source: 'calendar' },
        systemActor,
      );
      const link = await createSavedLink(client, { url: 'https://cal.test/doc', description: null }, systemActor);
      assert.deepEqual(note.tags, []);
      assert.equal(note.source, 'calendar');
      assert.equal(link.source, 'api');
      await client.query('ROLLBACK');
      assert.equal((await call('GET', `/api/v1/notes/${note.id}`)).status, 404);

      await client.query('BEGIN');
      const kept = await createNote(client, { text: 'committed note', source: 'calendar' }, systemActor);
      await client.query('COMMIT');
      assert.equal((await call('GET', `/api/v1/notes/${kept.id}`)).body.text, 'committed note');

      await client.query('BEGIN');
      await assert.rejects(
        createSavedLink(client, { url: 'ftp://x' }, systemActor),
        (error: unknown) => error instanceof HttpProblem && error.status === 400 && 'url' in (error.errors ?? {}),
      );
      await assert.rejects(
        createNote(client, { text: 'x', event_id: MISSING_EVENT }, systemActor),
        (error: unknown) => error instanceof HttpProblem && error.status === 400 && 'event_id' in (error.errors ?? {}),
      );
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const audit = await pool.query(
      `SELECT actor_type, actor_label FROM audit_log WHERE entity = 'note' AND new_value->>'text' = 'committed note'`,
    );
    assert.deepEqual(audit.rows, [{ actor_type: 'system', actor_label: 'entry-parser' }]);
  });

  it('needs events.write to change notes and links (403 names the missing scope)', async () => {
    const note = (await call('GET', '/api/v1/notes', undefined, reader)).body[0];
    const link = (await call('GET', '/api/v1/saved-links', undefined, reader)).body[0];
    for (const [method, path, body] of [
      ['POST', '/api/v1/notes', { text: 'sneaky' }],
      ['PUT', `/api/v1/notes/${note.id}`, { text: 'sneaky' }],
      ['DELETE', `/api/v1/notes/${note.id}`, undefined],
      ['POST', '/api/v1/saved-links', { url: 'https://sneaky.test' }],
      ['PUT', `/api/v1/saved-links/${link.id}`, { url: 'https://sneaky.test' }],
      ['DELETE', `/api/v1/saved-links/${link.id}`, undefined],
    ] as const) {
      const reply = await call(method, path, body, reader);
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.equal(reply.body.missingScope, 'events.write');
      assert.match(reply.body.detail, /events\.write/);
    }
    const noKey = await request(api.url, 'GET', '/api/v1/notes');
    assert.equal(noKey.status, 401);
  });

  it('audits every change to notes and links in the hash chain', async () => {
    const audit = await pool.query<{ entity: string; action: string; n: number }>(
      `SELECT entity, action, count(*)::int AS n FROM audit_log WHERE entity IN ('note', 'saved_link')
        GROUP BY entity, action ORDER BY entity, action`,
    );
    assert.deepEqual(
      audit.rows.map((r) => [r.entity, r.action, r.n]),
      [
        ['note', 'create', 6],
        ['note', 'delete', 1],
        ['note', 'update', 1],
        ['saved_link', 'create', 5],
        ['saved_link', 'delete', 1],
        ['saved_link', 'update', 1],
      ],
    );
    const update = await pool.query(
      `SELECT actor_label, scope, old_value, new_value FROM audit_log WHERE entity = 'note' AND action = 'update'`,
    );
    assert.equal(update.rows[0].actor_label, 'collector');
    assert.equal(update.rows[0].scope, 'events.write');
    assert.equal(update.rows[0].old_value.text, 'Meetings were moved to Thursday');
    assert.equal(update.rows[0].new_value.text, 'Meetings were moved to Friday');
    assert.equal((await pool.query('SELECT * FROM audit_verify()')).rowCount, 0);
  });
});
