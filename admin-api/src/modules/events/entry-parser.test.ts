import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_INPUT_LENGTH, parseCalendarEntry, type EntryParse } from './entry-parser.ts';

type Case = { name: string; title: string; description?: string | null; expected: EntryParse };

const command = (
  system: string,
  action: string,
  params: Record<string, string | number | boolean> = {},
  rawParams: Record<string, string> = {},
): EntryParse => ({ kind: 'command', system, action, params, rawParams });

function runCases(cases: Case[]) {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(parseCalendarEntry(c.title, c.description), c.expected));
  }
}

/** Asserts `title`/`description` give an error for `directive` whose message matches every pattern. */
function assertError(
  directive: 'ACTION' | 'NOTE' | 'URL',
  title: string,
  description: string | null,
  ...patterns: RegExp[]
) {
  const result = parseCalendarEntry(title, description);
  assert.equal(result.kind, 'error', `expected an error, got ${JSON.stringify(result)}`);
  if (result.kind !== 'error') return;
  assert.equal(result.directive, directive);
  for (const pattern of patterns) assert.match(result.message, pattern);
}

describe('parseCalendarEntry: ordinary events and look-alikes', () => {
  runCases(
    [
      ['Team meeting', 'Agenda: budget'],
      ['', ''],
      ['', null],
      ['', undefined],
      ['   \n\t ', '  \r\n '],
      ['Actionable items', null],
      ['Action items: review', null],
      ['ACTION - deploy', null],
      ['ACTION : N8N RUN', null],
      ['Notebook', null],
      ['Note to self', null],
      ['Notizen: Einkauf', null],
      ['NOTES: x', null],
      ['URLs: https://example.com', null],
      ['Urlaub', null],
      ['Re: ACTION: N8N RUN', null],
      ['Lunch', 'Bring the notebook\nACTION: N8N RUN'],
      ['Lunch', 'Hello\n\nURL: https://example.com'],
      ['Lunch', 'Notebook: see ACTION: X Y'],
      ['„ACTION: N8N RUN“', null],
      ['xACTION: N8N RUN', null],
    ].map(([title, description]) => ({
      name: `${JSON.stringify(title)} / ${JSON.stringify(description)} is not a directive`,
      title: title as string,
      description,
      expected: { kind: 'none' },
    })),
  );

  it('treats non-string inputs as empty', () => {
    assert.deepEqual(parseCalendarEntry(undefined as unknown as string), { kind: 'none' });
    assert.deepEqual(parseCalendarEntry(null as unknown as string, 42 as unknown as string), { kind: 'none' });
    assert.deepEqual(parseCalendarEntry({} as unknown as string, 'NOTE: hi'), { kind: 'note', text: 'hi' });
  });
});

describe('parseCalendarEntry: ACTION', () => {
  runCases([
    { name: 'bare command in the title', title: 'ACTION: N8N RUN', expected: command('N8N', 'RUN') },
    {
      name: 'keyword in any case, names converted to UPPER_SNAKE',
      title: 'action: n8n create-user',
      expected: command('N8N', 'CREATE_USER'),
    },
    {
      name: 'mixed-case keyword',
      title: 'Action: Telegram send_Message',
      expected: command('TELEGRAM', 'SEND_MESSAGE'),
    },
    { name: 'no space after the colon', title: 'ACTION:n8n run', expected: command('N8N', 'RUN') },
    {
      name: 'leading whitespace and extra separators',
      title: ' \t ACTION:   n8n\t\trun   a=1  ',
      expected: command('N8N', 'RUN', { a: 1 }, { a: '1' }),
    },
    {
      name: 'typed unquoted values',
      title: 'ACTION: n8n create-user name=ann age=42 active=true admin=false ratio=0.5 delta=-3 neg=-1.25 zero=0',
      expected: command(
        'N8N',
        'CREATE_USER',
        { name: 'ann', age: 42, active: true, admin: false, ratio: 0.5, delta: -3, neg: -1.25, zero: 0 },
        {
          name: 'ann',
          age: '42',
          active: 'true',
          admin: 'false',
          ratio: '0.5',
          delta: '-3',
          neg: '-1.25',
          zero: '0',
        },
      ),
    },
    {
      name: 'quoted values always stay strings',
      title: `ACTION: n8n run a="42" b='true' c="false" d='-1.5' e=""`,
      expected: command(
        'N8N',
        'RUN',
        { a: '42', b: 'true', c: 'false', d: '-1.5', e: '' },
        { a: '42', b: 'true', c: 'false', d: '-1.5', e: '' },
      ),
    },
    {
      name: 'number look-alikes stay strings (leading zeros, huge ids, exponents, case variants)',
      title:
        'ACTION: n8n run zip=01234 phone=+4930 big=12345678901234567890 exp=1e3 dot=1. lead=.5 hex=0x10 t=True f=FALSE',
      expected: command(
        'N8N',
        'RUN',
        {
          zip: '01234',
          phone: '+4930',
          big: '12345678901234567890',
          exp: '1e3',
          dot: '1.',
          lead: '.5',
          hex: '0x10',
          t: 'True',
          f: 'FALSE',
        },
        {
          zip: '01234',
          phone: '+4930',
          big: '12345678901234567890',
          exp: '1e3',
          dot: '1.',
          lead: '.5',
          hex: '0x10',
          t: 'True',
          f: 'FALSE',
        },
      ),
    },
    {
      name: 'largest safe integer and long decimals are numbers',
      title: 'ACTION: n8n run max=9007199254740991 min=-9007199254740991 pi=3.14159265358979',
      expected: command(
        'N8N',
        'RUN',
        { max: 9007199254740991, min: -9007199254740991, pi: 3.14159265358979 },
        { max: '9007199254740991', min: '-9007199254740991', pi: '3.14159265358979' },
      ),
    },
    {
      name: 'double-quoted values with spaces, escapes and = inside',
      title: String.raw`ACTION: telegram send msg="Hello, \"world\" = 1\nbye" path="C:\\temp\x" tab="a\tb" eq="a=b c=d"`,
      expected: command(
        'TELEGRAM',
        'SEND',
        { msg: 'Hello, "world" = 1\nbye', path: 'C:\\temp\\x', tab: 'a\tb', eq: 'a=b c=d' },
        { msg: 'Hello, "world" = 1\nbye', path: 'C:\\temp\\x', tab: 'a\tb', eq: 'a=b c=d' },
      ),
    },
    {
      name: 'single-quoted values are literal',
      title: String.raw`ACTION: telegram send msg='say "hi" \n now' x='a=b'`,
      expected: command(
        'TELEGRAM',
        'SEND',
        { msg: String.raw`say "hi" \n now`, x: 'a=b' },
        { msg: String.raw`say "hi" \n now`, x: 'a=b' },
      ),
    },
    {
      name: 'quotes and = inside unquoted values are literal, empty unquoted value is ""',
      title: `ACTION: crm add name=O'Brien q=a=b say=x"y empty=`,
      expected: command(
        'CRM',
        'ADD',
        { name: "O'Brien", q: 'a=b', say: 'x"y', empty: '' },
        { name: "O'Brien", q: 'a=b', say: 'x"y', empty: '' },
      ),
    },
    {
      name: 'unicode values: umlauts, CJK, emoji',
      title: 'ACTION: telegram send city=Köln text="日本語 テキスト" mood=🎉 fam="👨‍👩‍👧 Grüße"',
      expected: command(
        'TELEGRAM',
        'SEND',
        { city: 'Köln', text: '日本語 テキスト', mood: '🎉', fam: '👨‍👩‍👧 Grüße' },
        { city: 'Köln', text: '日本語 テキスト', mood: '🎉', fam: '👨‍👩‍👧 Grüße' },
      ),
    },
    {
      name: 'keys with _, . and -; keys are case-sensitive',
      title: 'ACTION: n8n run _id=1 user.name=ann x-y=2 User=a user=b',
      expected: command(
        'N8N',
        'RUN',
        { _id: 1, 'user.name': 'ann', 'x-y': 2, User: 'a', user: 'b' },
        { _id: '1', 'user.name': 'ann', 'x-y': '2', User: 'a', user: 'b' },
      ),
    },
    {
      name: 'no-break space and other unicode whitespace separate tokens',
      title: 'ACTION:\u00a0n8n\u2003run\u00a0a=1',
      expected: command('N8N', 'RUN', { a: 1 }, { a: '1' }),
    },
    {
      name: 'in the title, the description is ignored',
      title: 'ACTION: n8n run a=1',
      description: 'b=2\nNOTE: something',
      expected: command('N8N', 'RUN', { a: 1 }, { a: '1' }),
    },
    {
      name: 'further title lines are ignored',
      title: 'ACTION: n8n run a=1\nb=2',
      expected: command('N8N', 'RUN', { a: 1 }, { a: '1' }),
    },
    {
      name: 'in the description: first non-blank line, CRLF, further lines ignored',
      title: 'Weekly sync',
      description: '\r\n   \r\n  ACTION: n8n run a="x y" b=2\r\nThis explains the command.\r\nc=3',
      expected: command('N8N', 'RUN', { a: 'x y', b: 2 }, { a: 'x y', b: '2' }),
    },
    {
      name: 'in the description with lone CR line endings',
      title: '',
      description: 'action: n8n run a=1\rb=2',
      expected: command('N8N', 'RUN', { a: 1 }, { a: '1' }),
    },
    {
      name: 'title directive wins over description directive',
      title: 'ACTION: n8n run',
      description: 'ACTION: other thing',
      expected: command('N8N', 'RUN'),
    },
    {
      name: 'params named like prototype members are plain own keys',
      title: 'ACTION: n8n run constructor=1 toString=x hasOwnProperty=true',
      expected: command(
        'N8N',
        'RUN',
        { constructor: 1, toString: 'x', hasOwnProperty: true },
        { constructor: '1', toString: 'x', hasOwnProperty: 'true' },
      ),
    },
  ]);

  it('reports each malformed ACTION with an actionable message', () => {
    assertError('ACTION', 'ACTION:', null, /Missing system name after "ACTION:"/, /ACTION: <SYSTEM> <COMMAND>/);
    assertError('ACTION', 'action:   ', null, /Missing system name after "action:"/);
    assertError('ACTION', 'ACTION: n8n', null, /Missing command name/);
    assertError('ACTION', 'ACTION: n8n   ', null, /Missing command name/);
    assertError('ACTION', 'ACTION: 8n8 run', null, /Invalid system name "8n8" at column 9/);
    assertError('ACTION', 'ACTION: n8n.x run', null, /Invalid system name "n8n\.x"/);
    assertError('ACTION', 'ACTION: 日本 run', null, /Invalid system name "日本" at column 9/);
    assertError('ACTION', 'ACTION: n8n -run', null, /Invalid command name "-run" at column 13/);
    assertError('ACTION', 'ACTION: n8n user=ann', null, /Invalid command name "user=ann"/);
    assertError('ACTION', 'ACTION: n8n run a=1 flag', null, /Parameter "flag" at column 21 has no "="/);
    assertError(
      'ACTION',
      'ACTION: n8n run name="ann',
      null,
      /Unterminated double quote in parameter "name"/,
      /column 22/,
    );
    assertError('ACTION', "ACTION: n8n run name='ann", null, /Unterminated single quote in parameter "name"/);
    assertError('ACTION', String.raw`ACTION: n8n run name="ann\"`, null, /Unterminated double quote/);
    assertError('ACTION', 'ACTION: n8n run name="ann\\', null, /Unterminated double quote/);
    assertError('ACTION', 'ACTION: n8n run =1', null, /Parameter at column 17 has an empty key/);
    assertError('ACTION', 'ACTION: n8n run 1a=1', null, /Invalid parameter key "1a" at column 17/);
    assertError('ACTION', 'ACTION: n8n run ä=1', null, /Invalid parameter key "ä"/);
    assertError('ACTION', 'ACTION: n8n run a=1 b=2 a=3', null, /Duplicate parameter "a" at column 25/);
    assertError('ACTION', 'ACTION: n8n run a="1" a=\'2\'', null, /Duplicate parameter "a"/);
    assertError(
      'ACTION',
      'ACTION: n8n run a="x"b=2',
      null,
      /Unexpected "b" at column 22 right after the closing quote/,
    );
    assertError('ACTION', 'ACTION: n8n run __proto__=1', null, /"__proto__" at column 17 is not allowed/);
  });

  it('counts columns in code points from the start of the line, including indentation', () => {
    assertError('ACTION', '  ACTION: n8n run 😀 a=1', null, /Parameter "😀" at column 19/);
    assertError('ACTION', 'ACTION: n8n run a=😀😀 b', null, /Parameter "b" at column 22/);
    assertError('ACTION', 'Title', '\n\n   ACTION: n8n run x', /Parameter "x" at column 20/);
  });

  it('shortens very long tokens in messages', () => {
    const result = parseCalendarEntry(`ACTION: n8n run ${'x'.repeat(500)}`);
    assert.equal(result.kind, 'error');
    if (result.kind === 'error') {
      assert.match(result.message, /"x{40}…"/);
      assert.ok(result.message.length < 250);
    }
  });

  it('a malformed title directive does not fall back to the description', () => {
    assertError('ACTION', 'ACTION: n8n', 'ACTION: n8n run', /Missing command name/);
  });

  it('a malformed description directive is reported too', () => {
    assertError('ACTION', 'Meeting', 'ACTION: n8n run a="b', /Unterminated double quote/);
  });
});

describe('parseCalendarEntry: NOTE / NOTIZ', () => {
  runCases([
    { name: 'note in the title', title: 'NOTE: buy milk', expected: { kind: 'note', text: 'buy milk' } },
    { name: 'NOTIZ is NOTE', title: 'NOTIZ: Milch kaufen', expected: { kind: 'note', text: 'Milch kaufen' } },
    { name: 'lower-case notiz', title: '  notiz:Brötchen 🥐', expected: { kind: 'note', text: 'Brötchen 🥐' } },
    { name: 'Note: in mixed case', title: 'Note:   spaced   ', expected: { kind: 'note', text: 'spaced' } },
    {
      name: 'title note plus the description, joined with a blank line',
      title: 'NOTE: Call Bob',
      description: '\r\n  Number is in CRM.\r\nAsk about 日本.  \r\n',
      expected: { kind: 'note', text: 'Call Bob\n\nNumber is in CRM.\nAsk about 日本.' },
    },
    {
      name: 'empty title note takes the description',
      title: 'NOTE:',
      description: 'the text',
      expected: { kind: 'note', text: 'the text' },
    },
    {
      name: 'multi-line title note keeps its lines',
      title: 'NOTE: a\nb',
      description: 'c',
      expected: { kind: 'note', text: 'a\nb\n\nc' },
    },
    {
      name: 'note in the description takes all following lines',
      title: 'Standup',
      description: '\n\n  Notiz: first line\r\nsecond line\r\n\r\nthird ACTION: x y\r\n',
      expected: { kind: 'note', text: 'first line\nsecond line\n\nthird ACTION: x y' },
    },
    {
      name: 'description note starting on the next line',
      title: 'Standup',
      description: 'NOTE:\n  indented text',
      expected: { kind: 'note', text: 'indented text' },
    },
    {
      name: 'title note wins over a description action',
      title: 'NOTE: x',
      description: 'ACTION: n8n run',
      expected: { kind: 'note', text: 'x\n\nACTION: n8n run' },
    },
  ]);

  it('reports an empty note', () => {
    assertError('NOTE', 'NOTE:', null, /The note is empty: write the text after "NOTE:"/);
    assertError('NOTE', 'notiz:   ', '  \r\n ', /after "notiz:"/);
    assertError('NOTE', 'Meeting', '\nNOTE:\n\n  ', /The note is empty/);
  });
});

describe('parseCalendarEntry: URL', () => {
  runCases([
    {
      name: 'link with description in the title',
      title: 'URL: https://example.com/docs?a=1#x  Project docs ',
      expected: { kind: 'link', url: 'https://example.com/docs?a=1#x', description: 'Project docs' },
    },
    {
      name: 'lower-case keyword, http, no description',
      title: 'url:http://intranet.local',
      expected: { kind: 'link', url: 'http://intranet.local', description: null },
    },
    {
      name: 'title link without text takes the event description',
      title: 'URL: https://example.com',
      description: '\r\n  Slides für das Meeting 🎯\r\nline 2 \r\n',
      expected: { kind: 'link', url: 'https://example.com', description: 'Slides für das Meeting 🎯\nline 2' },
    },
    {
      name: 'title link text wins over the event description',
      title: 'URL: https://example.com here',
      description: 'ignored',
      expected: { kind: 'link', url: 'https://example.com', description: 'here' },
    },
    {
      name: 'blank event description gives null',
      title: 'URL: https://example.com',
      description: '   \n ',
      expected: { kind: 'link', url: 'https://example.com', description: null },
    },
    {
      name: 'link in the description: rest of the line only',
      title: 'Reading',
      description: '\n  URL: HTTPS://例え.jp/パス 日本語の説明\r\nmore text',
      expected: { kind: 'link', url: 'HTTPS://例え.jp/パス', description: '日本語の説明' },
    },
    {
      name: 'link in the description without text gives null',
      title: 'Reading',
      description: 'URL: https://example.com/\nnot the description',
      expected: { kind: 'link', url: 'https://example.com/', description: null },
    },
    {
      name: 'URL with port, credentials-free IP host',
      title: 'URL: http://127.0.0.1:8080/x local',
      expected: { kind: 'link', url: 'http://127.0.0.1:8080/x', description: 'local' },
    },
  ]);

  it('reports missing and invalid URLs', () => {
    assertError('URL', 'URL:', null, /Missing URL after "URL:"/);
    assertError('URL', 'url:   ', 'https://example.com', /Missing URL after "url:"/);
    assertError('URL', 'URL: example.com docs', null, /"example\.com" is not an absolute http:\/\/ or https:\/\/ URL/);
    assertError('URL', 'URL: ftp://example.com', null, /"ftp:\/\/example\.com" is not/);
    assertError('URL', 'URL: mailto:a@b.de', null, /is not an absolute/);
    assertError('URL', 'URL: javascript:alert(1)', null, /is not an absolute/);
    assertError('URL', 'URL: http:example.com', null, /is not an absolute/);
    assertError('URL', 'URL: https://', null, /is not an absolute/);
    assertError('URL', 'URL: https://a<b.com', null, /"https:\/\/a<b\.com" is not/);
    assertError('URL', 'URL: http://[::1', null, /is not an absolute/);
    assertError(
      'URL',
      `URL: https://example.com/${'a'.repeat(3000)}`,
      null,
      /too long \(3020 characters, at most 2048\)/,
    );
    assertError('URL', 'Reading', 'URL: /relative/path', /is not an absolute/);
  });
});

describe('parseCalendarEntry: limits', () => {
  it('caps the work on huge inputs', () => {
    const started = performance.now();
    const huge = parseCalendarEntry('Meeting', `NOTE: ${'x'.repeat(MAX_INPUT_LENGTH * 3)}`);
    assert.equal(huge.kind, 'note');
    if (huge.kind === 'note') assert.equal(huge.text.length, MAX_INPUT_LENGTH - 'NOTE: '.length);
    const many = Array.from({ length: 5_000 }, (_, i) => `k${i}="v ${i}"`).join(' ');
    const parsed = parseCalendarEntry(`ACTION: n8n run ${many}`);
    assert.equal(parsed.kind, 'command');
    if (parsed.kind === 'command') assert.equal(parsed.params.k4999, 'v 4999');
    const tooMany = Array.from({ length: 30_000 }, (_, i) => `k${i}="v ${i}"`).join(' ');
    assert.equal(parseCalendarEntry(`ACTION: n8n run ${tooMany}`).kind, 'error'); // cut off mid-parameter
    assert.equal(parseCalendarEntry(' '.repeat(MAX_INPUT_LENGTH * 2) + 'ACTION: n8n run').kind, 'none');
    assert.ok(performance.now() - started < 2000);
  });

  it('does not split a surrogate pair when truncating', () => {
    const text = `NOTE: ${'a'.repeat(MAX_INPUT_LENGTH - 'NOTE: '.length - 1)}😀tail`;
    const result = parseCalendarEntry('', text);
    assert.equal(result.kind, 'note');
    if (result.kind === 'note') assert.ok(result.text.isWellFormed());
  });
});

/** Checks that `result` is exactly one of the EntryParse shapes, with no extra fields. */
function assertValidParse(result: EntryParse) {
  const keys = Object.keys(result).sort();
  switch (result.kind) {
    case 'none':
      assert.deepEqual(keys, ['kind']);
      break;
    case 'command':
      assert.deepEqual(keys, ['action', 'kind', 'params', 'rawParams', 'system']);
      assert.match(result.system, /^[A-Z][A-Z0-9_]*$/);
      assert.match(result.action, /^[A-Z][A-Z0-9_]*$/);
      assert.deepEqual(Object.keys(result.params), Object.keys(result.rawParams));
      for (const [key, raw] of Object.entries(result.rawParams)) {
        assert.equal(typeof raw, 'string');
        assert.ok(['string', 'number', 'boolean'].includes(typeof result.params[key]));
        assert.equal(String(result.params[key]) === raw || typeof result.params[key] === 'number', true);
      }
      break;
    case 'note':
      assert.deepEqual(keys, ['kind', 'text']);
      assert.ok(result.text.length > 0 && result.text === result.text.trim());
      break;
    case 'link':
      assert.deepEqual(keys, ['description', 'kind', 'url']);
      assert.match(result.url, /^https?:\/\//i);
      assert.ok(
        result.description === null || (result.description !== '' && result.description.trim() === result.description),
      );
      break;
    case 'error':
      assert.deepEqual(keys, ['directive', 'kind', 'message']);
      assert.ok(['ACTION', 'NOTE', 'URL'].includes(result.directive));
      assert.ok(result.message.length > 0);
      break;
    default:
      assert.fail(`unknown kind in ${JSON.stringify(result)}`);
  }
}

// Strings built from the grammar's pieces, so generated inputs hit directives and their edge cases.
const fragment = fc.oneof(
  fc.constantFrom(
    'ACTION:',
    'action:',
    'NOTE:',
    'Notiz:',
    'URL:',
    ' ',
    '\t',
    '\u00a0',
    '\n',
    '\r\n',
    '\r',
    '=',
    '"',
    "'",
    '\\',
    '\\"',
    'k',
    'n8n',
    'run',
    '-',
    '_',
    '.',
    '1',
    '-2.5',
    'true',
    'https://example.com',
    'http:',
    '//',
    'ä',
    '日本',
    '😀',
    '\uD800',
    '__proto__',
  ),
  fc.string({ unit: 'binary', maxLength: 5 }),
);
const grammarString = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));
const anyText = fc.oneof(grammarString, fc.string({ unit: 'binary' }), fc.string());

describe('parseCalendarEntry: properties', () => {
  it('never throws and always returns a valid kind', () => {
    fc.assert(
      fc.property(anyText, fc.option(anyText, { nil: undefined }), fc.boolean(), (title, description, nullDesc) => {
        assertValidParse(parseCalendarEntry(title, nullDesc ? null : description));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws for arbitrary values passed as inputs', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (title, description) => {
        assertValidParse(parseCalendarEntry(title as string, description as string));
      }),
      { numRuns: 300 },
    );
  });

  const identifier = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,11}$/).filter((k) => k !== '__proto__');
  const isNumberLike = (s: string) => /^-?\d+(\.\d+)?$/.test(s) || s === 'true' || s === 'false';

  /** A param value with how to write it and what parsing it should give. */
  type Written = { text: string; raw: string; typed: string | number | boolean };
  const noLineBreak = (s: string) => !/[\r\n]/.test(s);
  const value: fc.Arbitrary<Written> = fc.oneof(
    fc.integer().map((n) => ({ text: String(n), raw: String(n), typed: n })),
    fc
      .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.stringMatching(/^\d{1,6}$/))
      .map(([int, frac]) => `${int}.${frac}`)
      .map((text) => ({ text, raw: text, typed: Number(text) })),
    fc.boolean().map((b) => ({ text: String(b), raw: String(b), typed: b })),
    // Unquoted words: no whitespace, not starting with a quote, not number- or boolean-like.
    fc
      .string({
        unit: fc.oneof(
          fc.constantFrom('ä', '日', '😀', '=', '"', "'", '\\'),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        ),
        minLength: 1,
      })
      .filter((s) => !/\s/.test(s) && !/^["']/.test(s) && !isNumberLike(s))
      .map((s) => ({ text: s, raw: s, typed: s })),
    // Anything double-quoted, with \ " newline and tab escaped (a raw CR cannot be written).
    fc
      .string({
        unit: fc.oneof(
          fc.constantFrom(' ', '"', '\\', '\n', '\t', '=', '日本', '🎉'),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        ),
      })
      .filter((s) => !s.includes('\r'))
      .map((s) => ({
        text: `"${s
          .replace(/[\\"]/g, (c) => `\\${c}`)
          .replace(/\n/g, '\\n')
          .replace(/\t/g, '\\t')}"`,
        raw: s,
        typed: s,
      })),
    // Single-quoted: anything without ' or a line break, taken literally.
    fc
      .string({
        unit: fc.oneof(
          fc.constantFrom(' ', '"', '\\', '=', 'ü'),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        ),
      })
      .filter((s) => !s.includes("'") && noLineBreak(s))
      .map((s) => ({ text: `'${s}'`, raw: s, typed: s })),
  );
  const separator = fc.constantFrom(' ', '  ', '\t', ' \t ', '\u00a0');

  it('round-trips generated ACTION lines', () => {
    fc.assert(
      fc.property(
        identifier,
        identifier,
        fc.uniqueArray(fc.tuple(key, value, separator), { selector: ([k]) => k, maxLength: 8 }),
        fc.constantFrom('ACTION:', 'action: ', 'Action:\t', '  ACTION: '),
        fc.boolean(),
        (system, action, params, keyword, inDescription) => {
          const line = `${keyword}${system} ${action}${params.map(([k, v, sep]) => `${sep}${k}=${v.text}`).join('')}`;
          const result = inDescription
            ? parseCalendarEntry('Some event', `\r\n${line}\r\nmore text a=1`)
            : parseCalendarEntry(line, 'b=2');
          assert.deepEqual(result, {
            kind: 'command',
            system: system.toUpperCase().replaceAll('-', '_'),
            action: action.toUpperCase().replaceAll('-', '_'),
            params: Object.fromEntries(params.map(([k, v]) => [k, v.typed])),
            rawParams: Object.fromEntries(params.map(([k, v]) => [k, v.raw])),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips notes and links', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => s.trim() !== '' && noLineBreak(s));
    fc.assert(
      fc.property(text, fc.webUrl(), (note, url) => {
        assert.deepEqual(parseCalendarEntry(`NOTE: ${note}`), { kind: 'note', text: note.trim() });
        assert.deepEqual(parseCalendarEntry('x', `Notiz: ${note}`), { kind: 'note', text: note.trim() });
        assert.deepEqual(parseCalendarEntry(`URL: ${url} ${note}`), {
          kind: 'link',
          url,
          description: note.trim(),
        });
      }),
      { numRuns: 500 },
    );
  });
});
