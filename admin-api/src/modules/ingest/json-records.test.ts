import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HttpProblem } from '../../http/problem.ts';
import { parseRecords, topLevelElements } from './json-records.ts';

const body = (text: string) => Buffer.from(text);

describe('ingest body → records', () => {
  it('splits a top-level array into the exact text of each element', () => {
    const text = ' [ {"a":"x,]}[\\"{"} ,\n{"b":[1,2,{"c":"\\\\"}]},{"n":12345678901234567890}\t] ';
    assert.deepEqual(topLevelElements(text), [
      '{"a":"x,]}[\\"{"}',
      '{"b":[1,2,{"c":"\\\\"}]}',
      '{"n":12345678901234567890}',
    ]);
    assert.deepEqual(topLevelElements('[]'), []);
    assert.deepEqual(topLevelElements('[ \n ]'), []);
  });

  it('splits any array of objects, however it is formatted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 20 }),
        fc.nat(4),
        (items, indent) => {
          const text = JSON.stringify(items, null, indent);
          const records = parseRecords(body(text));
          assert.deepEqual(
            records.map((r) => JSON.parse(r.json)),
            JSON.parse(text),
          );
          for (const r of records) assert.equal(r.bytes, Buffer.byteLength(r.json));
        },
      ),
    );
  });

  it('keeps a single object as sent', () => {
    const text = '{ "big": 12345678901234567890 }';
    assert.deepEqual(parseRecords(body(text)), [{ json: text, bytes: Buffer.byteLength(text) }]);
  });

  it('refuses what is not an object or an array of objects, and text jsonb cannot hold', () => {
    const refused = (text: string | Buffer) => {
      try {
        parseRecords(typeof text === 'string' ? body(text) : text);
      } catch (error) {
        assert.ok(error instanceof HttpProblem);
        return `${error.status} ${error.detail}`;
      }
      assert.fail(`accepted ${String(text)}`);
    };
    assert.match(refused(''), /^400 invalid json: the body is empty/);
    assert.match(refused('{'), /^400 invalid json: the body is not valid JSON/);
    assert.match(refused('true'), /not boolean$/);
    assert.match(refused('[1]'), /element 0 is not/);
    assert.match(refused(Buffer.from([0x5b, 0xc3, 0x28, 0x5d])), /not UTF-8/);
    assert.match(refused('{"a":["x","\\u0000"]}'), /^400 invalid json: a\.1 contains a NUL character/);
    assert.match(refused('{"a":"\\udc00x"}'), /unpaired surrogate/);
    assert.match(refused(JSON.stringify(Array.from({ length: 1001 }, () => ({})))), /^413 .*1001 records/);
    // An escaped backslash before u0000 is not a NUL; a surrogate pair is fine.
    assert.equal(parseRecords(body('{"a":"\\\\u0000","b":"\\ud83d\\ude00"}')).length, 1);
  });
});
