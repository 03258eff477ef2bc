// Directives in calendar entries (SPEC 3.1). An event's title or description may start with
//   ACTION: <SYSTEM> <COMMAND> key=value key2="quoted value" key3='single' …   → a command
//   NOTE: <text>   (or NOTIZ: <text>)                                          → a note
//   URL: <http(s) url> <description>                                           → a saved link
// Pure and total: parseCalendarEntry never throws and always returns one EntryParse.
//
// Where a directive is recognised
// - Line endings are normalised first (CRLF and lone CR become LF).
// - The title is checked first, then the description. A directive must be the first thing in the
//   text: leading whitespace (including blank lines) is skipped, so for the description this is
//   its first non-blank line. A directive later in the text is not one.
// - The keyword is ACTION, NOTE, NOTIZ (= NOTE) or URL in any letter case, followed
//   *immediately* by ':' ("Action:", "notiz:"). "Actionable items", "Notebook", "Note to self",
//   "ACTION : x" and "URLs: …" are ordinary events.
// - The title wins: if it carries a directive (even a malformed one, which gives kind 'error'),
//   the description is not searched for another directive.
// - The directive line is the text after the colon up to the end of that line.
//
// ACTION
// - SYSTEM and COMMAND are the first two whitespace-separated tokens of the directive line; each
//   must match [A-Za-z][A-Za-z0-9_-]* and is returned UPPER_SNAKE ("n8n" → "N8N",
//   "create-user" → "CREATE_USER").
// - Params come only from the directive line; further lines of the title or description are
//   ignored (so a description may explain the command below it). Params are key=value tokens
//   separated by any whitespace (\s: spaces, tabs, no-break spaces…). Keys match
//   [A-Za-z_][A-Za-z0-9_.-]* and are case-sensitive; a repeated key is an error, as is the key
//   "__proto__". The value starts right after the first '=':
//     - "double quoted": may hold whitespace, '=' and quotes of the other kind; backslash escapes
//       \" \\ \n and \t; any other backslash is kept literally ("C:\temp" stays C:\temp).
//     - 'single quoted': taken literally, no escapes (cannot contain ').
//     - unquoted: everything up to the next whitespace (may be empty: "k=" gives ""); quotes and
//       '=' inside it are literal ("name=O'Brien", "q=a=b").
//   A closing quote must be followed by whitespace or the end of the line.
// - rawParams holds every value as written (after quote/escape processing). params holds the
//   same values typed, but only for unquoted values: exactly "true"/"false" → boolean;
//   -?digits(.digits)? → number, unless it has a superfluous leading zero ("007", "-01.5": zip
//   codes and phone numbers stay strings) or is an integer beyond Number.MAX_SAFE_INTEGER (ids
//   stay exact strings). Quoted values are always strings.
// - Errors name the token and its 1-based column (in code points) within the directive's line:
//   missing system or command, bad system/command name, token without '=', empty key, bad key,
//   unterminated quote, text glued to a closing quote, duplicate key.
//
// NOTE / NOTIZ
// - Title directive: the rest of the title (trimmed) and the whole description (trimmed), joined
//   with a blank line when both are non-empty.
// - Description directive: the rest of the description from just after the colon, i.e. the
//   directive line and every following line, trimmed. Internal line breaks are kept (as LF).
// - An empty note is an error.
//
// URL
// - The first token of the directive line must be an absolute URL starting with http:// or
//   https:// (any case) that new URL() accepts with a non-empty host, at most 2048 characters.
//   It is returned as written. Missing or invalid → error.
// - The rest of the directive line (trimmed) is the description. When it is empty: a title
//   directive takes the event's description (trimmed); a description directive ignores its
//   following lines. Nothing left → null.
//
// Limits: title and description are each truncated to MAX_INPUT_LENGTH characters before parsing
// (they are limited upstream anyway). Non-string inputs are treated as empty.
//
// Not handled here: HTML in descriptions (Google Calendar may send "<br>" or "<a href>"); callers
// that receive HTML should convert it to text first.

export type ParamValue = string | number | boolean;

export type EntryDirective = 'ACTION' | 'NOTE' | 'URL';

export type EntryParse =
  | { kind: 'none' }
  | {
      kind: 'command';
      system: string;
      action: string;
      params: Record<string, ParamValue>;
      rawParams: Record<string, string>;
    }
  | { kind: 'note'; text: string }
  | { kind: 'link'; url: string; description: string | null }
  | { kind: 'error'; directive: EntryDirective; message: string };

export const MAX_INPUT_LENGTH = 100_000;
export const MAX_URL_LENGTH = 2048;

const KEYWORD = /^\s*(action|notiz|note|url):/i;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_-]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const HTTP_PREFIX = /^https?:\/\//i;
const WHITESPACE = /\s/;
const ACTION_USAGE = 'expected "ACTION: <SYSTEM> <COMMAND> key=value …"';

/** Normalises line endings and truncates to MAX_INPUT_LENGTH without splitting a surrogate pair. */
function prepare(text: unknown): string {
  if (typeof text !== 'string') return '';
  let s = text.length > MAX_INPUT_LENGTH ? text.slice(0, MAX_INPUT_LENGTH) : text;
  if (s.length === MAX_INPUT_LENGTH && /[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
  return s.replace(/\r\n?/g, '\n');
}

/** A recognised directive: its line, where its arguments start in it, and the text after the line. */
type Found = { directive: EntryDirective; keyword: string; line: string; argsStart: number; following: string };

function findDirective(text: string): Found | null {
  const start = text.length - text.trimStart().length;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', start);
  const line = newline < 0 ? text.slice(lineStart) : text.slice(lineStart, newline);
  const match = KEYWORD.exec(line);
  if (!match) return null;
  const keyword = match[1]!.toUpperCase();
  return {
    directive: keyword === 'ACTION' ? 'ACTION' : keyword === 'URL' ? 'URL' : 'NOTE',
    keyword: match[1]!,
    line,
    argsStart: match[0].length,
    following: newline < 0 ? '' : text.slice(newline + 1),
  };
}

const isSpace = (ch: string | undefined): boolean => ch !== undefined && WHITESPACE.test(ch);

/** 1-based column, counted in code points, of index `i` in `line`. */
const column = (line: string, i: number): number => Array.from(line.slice(0, i)).length + 1;

/** A token quoted for an error message, shortened when long. */
function show(token: string): string {
  const chars = Array.from(token);
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : token);
}

/** Converts an unquoted value to boolean or number where it unambiguously is one. */
function typed(raw: string): ParamValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n) && (raw.includes('.') || Number.isSafeInteger(n))) return n;
  }
  return raw;
}

class ActionError extends Error {}

function parseAction(keyword: string, line: string, from: number): EntryParse {
  let i = from;
  const skipSpace = () => {
    while (i < line.length && isSpace(line[i])) i++;
  };
  const fail = (message: string): never => {
    throw new ActionError(message);
  };
  const readName = (what: 'system' | 'command'): string => {
    skipSpace();
    const start = i;
    while (i < line.length && !isSpace(line[i])) i++;
    const token = line.slice(start, i);
    if (token === '')
      fail(`Missing ${what} name after "${keyword}:"${what === 'command' ? ' and the system' : ''}; ${ACTION_USAGE}`);
    if (!IDENTIFIER.test(token))
      fail(
        `Invalid ${what} name ${show(token)} at column ${column(line, start)}: use letters, digits, "_" and "-", starting with a letter; ${ACTION_USAGE}`,
      );
    return token.toUpperCase().replaceAll('-', '_');
  };

  try {
    const system = readName('system');
    const action = readName('command');
    const raw = new Map<string, string>();
    const params = new Map<string, ParamValue>();
    for (skipSpace(); i < line.length; skipSpace()) {
      const start = i;
      while (i < line.length && line[i] !== '=' && !isSpace(line[i])) i++;
      if (line[i] !== '=') {
        fail(
          `Parameter ${show(line.slice(start, i))} at column ${column(line, start)} has no "=": write parameters as key=value, and quote values with spaces (key="two words")`,
        );
      }
      const key = line.slice(start, i);
      const at = () => `at column ${column(line, start)}`; // lazily: only errors pay for counting
      if (key === '') fail(`Parameter ${at()} has an empty key before "=": write key=value`);
      if (!KEY.test(key))
        fail(
          `Invalid parameter key ${show(key)} ${at()}: use letters, digits, "_", "." and "-", starting with a letter or "_"`,
        );
      if (key === '__proto__') fail(`Parameter key "__proto__" ${at()} is not allowed`);
      if (raw.has(key)) fail(`Duplicate parameter ${show(key)} ${at()}: each key may appear only once`);
      i++; // past '='
      const quote = line[i];
      let value: string;
      if (quote === '"' || quote === "'") {
        const open = i++;
        value = '';
        let closed = false;
        while (i < line.length) {
          const ch = line[i]!;
          if (ch === quote) {
            closed = true;
            i++;
            break;
          }
          if (ch === '\\' && quote === '"' && i + 1 < line.length) {
            const next = line[i + 1]!;
            const escaped = next === '"' || next === '\\' ? next : next === 'n' ? '\n' : next === 't' ? '\t' : null;
            if (escaped !== null) {
              value += escaped;
              i += 2;
              continue;
            }
          }
          value += ch;
          i++;
        }
        if (!closed)
          fail(
            `Unterminated ${quote === '"' ? 'double' : 'single'} quote in parameter ${show(key)}: the value opened at column ${column(line, open)} has no closing ${quote}`,
          );
        if (i < line.length && !isSpace(line[i]))
          fail(
            `Unexpected ${show(line[i]!)} at column ${column(line, i)} right after the closing quote of parameter ${show(key)}: separate parameters with a space`,
          );
        params.set(key, value);
      } else {
        const valueStart = i;
        while (i < line.length && !isSpace(line[i])) i++;
        value = line.slice(valueStart, i);
        params.set(key, typed(value));
      }
      raw.set(key, value);
    }
    return {
      kind: 'command',
      system,
      action,
      params: Object.fromEntries(params),
      rawParams: Object.fromEntries(raw),
    };
  } catch (error) {
    if (error instanceof ActionError) return { kind: 'error', directive: 'ACTION', message: error.message };
    throw error;
  }
}

function parseNote(keyword: string, rest: string, extra: string): EntryParse {
  const parts = [rest.trim(), extra.trim()].filter((part) => part !== '');
  if (parts.length === 0)
    return { kind: 'error', directive: 'NOTE', message: `The note is empty: write the text after "${keyword}:"` };
  return { kind: 'note', text: parts.join('\n\n') };
}

function isHttpUrl(token: string): boolean {
  if (!HTTP_PREFIX.test(token) || !URL.canParse(token)) return false;
  const url = new URL(token);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function parseLink(keyword: string, rest: string, fallbackDescription: string | null): EntryParse {
  const args = rest.trim();
  const match = /^\S+/.exec(args);
  const usage = 'expected "URL: https://… description"';
  if (!match) return { kind: 'error', directive: 'URL', message: `Missing URL after "${keyword}:"; ${usage}` };
  const url = match[0];
  if (url.length > MAX_URL_LENGTH)
    return {
      kind: 'error',
      directive: 'URL',
      message: `The URL is too long (${url.length} characters, at most ${MAX_URL_LENGTH})`,
    };
  if (!isHttpUrl(url))
    return {
      kind: 'error',
      directive: 'URL',
      message: `${show(url)} is not an absolute http:// or https:// URL; ${usage}`,
    };
  const description = args.slice(url.length).trim() || fallbackDescription?.trim() || null;
  return { kind: 'link', url, description };
}

/**
 * Reads the directive (if any) at the start of an event's title or description; see the file
 * header for the exact rules. Never throws.
 */
export function parseCalendarEntry(title: string, description?: string | null): EntryParse {
  try {
    const titleText = prepare(title);
    const descriptionText = prepare(description);
    const inTitle = findDirective(titleText);
    const found = inTitle ?? findDirective(descriptionText);
    if (!found) return { kind: 'none' };
    const rest = found.line.slice(found.argsStart);
    switch (found.directive) {
      case 'ACTION':
        return parseAction(found.keyword, found.line, found.argsStart);
      case 'NOTE':
        return inTitle
          ? parseNote(found.keyword, `${rest}\n${found.following}`, descriptionText)
          : parseNote(found.keyword, `${rest}\n${found.following}`, '');
      case 'URL':
        return parseLink(found.keyword, rest, inTitle ? descriptionText : null);
    }
  } catch {
    // Defensive only: the parsers above do not throw. Keep the contract regardless.
    return { kind: 'none' };
  }
}
