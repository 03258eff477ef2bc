import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildExport,
  errorsByEntry,
  exportFileName,
  parseImportFile,
  planImport,
  type WhitelistEntry,
} from './transfer.ts';

describe('whitelist files', () => {
  it('exports sorted entries with sorted params, like the API', () => {
    const doc = buildExport([
      {
        system: 'TELEGRAM',
        action: 'SEND',
        enabled: true,
        description: null,
        params: { text: { type: 'string' }, chat: { type: 'int' } },
      },
      { system: 'MAIL', action: 'SEND', enabled: false, description: 'Mails', params: {} },
    ]);
    assert.equal(
      JSON.stringify(doc),
      JSON.stringify({
        version: 1,
        entries: [
          { system: 'MAIL', action: 'SEND', enabled: false, description: 'Mails', params: {} },
          {
            system: 'TELEGRAM',
            action: 'SEND',
            enabled: true,
            params: { chat: { type: 'int' }, text: { type: 'string' } },
          },
        ],
      }),
    );
    assert.equal(exportFileName(new Date('2026-03-04T10:00:00Z')), 'chronos-whitelists-2026-03-04.json');
  });

  it('reads a document or a bare list and refuses anything else', () => {
    assert.deepEqual(parseImportFile('{"entries":[{"system":"A","action":"B"}]}'), {
      ok: true,
      entries: [{ system: 'A', action: 'B' }],
    });
    assert.equal(parseImportFile('[{"system":"A","action":"B"}]').ok, true);
    assert.equal(parseImportFile('{nope').ok, false);
    assert.equal(parseImportFile('{"version":1}').ok, false);
    assert.equal(parseImportFile('{"entries":[]}').ok, false);
  });

  it('plans each entry against the current whitelist', () => {
    const existing: WhitelistEntry[] = [
      { system: 'A', action: 'SAME', enabled: true, params: { x: { type: 'int' as const } } },
      { system: 'A', action: 'CHANGED', enabled: true, params: {} },
    ];
    const plan = planImport(
      [
        { system: 'a', action: 'same', params: { x: { type: 'int' } } },
        { system: 'A', action: 'CHANGED', enabled: false },
        { system: 'B', action: 'NEW' },
        { system: 'B', action: 'NEW' },
        { system: '', action: 'X' },
      ],
      existing,
    );
    assert.deepEqual(
      plan.map((p) => [p.key, p.outcome, p.problems]),
      [
        ['A/SAME', 'unchanged', []],
        ['A/CHANGED', 'update', []],
        ['B/NEW', 'create', []],
        ['B/NEW', 'invalid', ['duplicates entry 3']],
        ['?', 'invalid', ['system is required']],
      ],
    );
  });

  it("groups the server's errors by entry", () => {
    const grouped = errorsByEntry({
      'entries.2.params.x.type': 'must be one of …',
      'entries.2.action': 'is required',
      content: 'x',
    });
    assert.deepEqual([...grouped], [[2, ['params.x.type must be one of …', 'action is required']]]);
  });
});
