import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, redactUrl } from './logger.ts';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      out += chunk;
      done();
    },
  });
  return { stream, text: () => out };
}

describe('logger', () => {
  it('writes one JSON object per line with level and service', () => {
    const sink = capture();
    createLogger('info', sink.stream).info({ requestId: 'r1' }, 'hello');
    const line = JSON.parse(sink.text().trim());
    assert.equal(line.level, 'info');
    assert.equal(line.service, 'chronos-admin-api');
    assert.equal(line.msg, 'hello');
    assert.equal(line.requestId, 'r1');
  });

  it('censors secrets at any of the first three levels of a logged object', () => {
    const sink = capture();
    createLogger('info', sink.stream).info(
      {
        password: 'pw-top-secret',
        user: { apiKey: 'chronos_standard_leak', profile: { token: 'tok-leak' } },
        request: { headers: { authorization: 'Bearer bearer-leak' } },
        DATABASE_URL: 'postgres://u:db-leak@h/d',
      },
      'with secrets',
    );
    const text = sink.text();
    for (const leak of ['pw-top-secret', 'chronos_standard_leak', 'tok-leak', 'bearer-leak', 'db-leak']) {
      assert.ok(!text.includes(leak), `${leak} was logged`);
    }
    assert.match(text, /\[redacted\]/);
  });

  it('strips passwords from URLs for log lines', () => {
    assert.equal(redactUrl('postgres://chronos:s3cret@db:5432/chronos'), 'postgres://chronos:redacted@db:5432/chronos');
    assert.equal(redactUrl('postgres://db:5432/chronos'), 'postgres://db:5432/chronos');
    assert.equal(redactUrl('not a url'), '[unparsable url]');
  });
});
