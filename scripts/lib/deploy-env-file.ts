// docker/.env as docker compose reads it: NAME=value lines, comments, blank lines. Parsed into
// lines that keep their original text, so a file can be updated value by value while every
// comment, the order and the operator's own formatting stay as they were.
//
// Quoting follows Compose: a value in single quotes is taken literally; unquoted and
// double-quoted values are subject to compose's `$` substitution, so a `$` there is reported.

export type EnvLine =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string; value: string; text: string; lineNumber: number };

export type EnvFileProblem = { variable: string; message: string };

export type EnvFile = { lines: EnvLine[]; problems: EnvFileProblem[] };

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/;

/** Characters that need no quotes in any .env dialect (no $, #, quotes, spaces, backslashes). */
const PLAIN_VALUE = /^[A-Za-z0-9_.,:/@+=-]*$/;

function parseValue(raw: string): { value: string; problem?: string } {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    if (end < 0) return { value: raw.slice(1), problem: 'has no closing single quote' };
    const rest = raw.slice(end + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) return { value: raw.slice(1, end), problem: 'has text after its quotes' };
    return { value: raw.slice(1, end) };
  }
  if (raw.startsWith('"')) {
    let value = '';
    for (let i = 1; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '\\' && i + 1 < raw.length) {
        const next = raw[++i]!;
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else if (c === '"') {
        const rest = raw.slice(i + 1).trim();
        if (rest !== '' && !rest.startsWith('#')) return { value, problem: 'has text after its quotes' };
        return value.includes('$') ? { value, problem: dollarProblem } : { value };
      } else value += c;
    }
    return { value, problem: 'has no closing double quote' };
  }
  // Unquoted: an inline comment starts at whitespace followed by #.
  const value = raw.replace(/[ \t]+#.*$/, '').trim();
  return value.includes('$') ? { value, problem: dollarProblem } : { value };
}

const dollarProblem =
  "contains $ outside single quotes, which docker compose would substitute: put the value in single quotes ('…')";

export function parseEnvFile(text: string): EnvFile {
  const lines: EnvLine[] = [];
  const problems: EnvFileProblem[] = [];
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop();
  rows.forEach((row, index) => {
    const line = row.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      lines.push({ kind: 'text', text: line });
      return;
    }
    const match = ASSIGNMENT.exec(trimmed);
    if (!match) {
      problems.push({ variable: `line ${index + 1}`, message: 'is neither NAME=value, a comment nor blank' });
      lines.push({ kind: 'text', text: line });
      return;
    }
    const name = match[1]!;
    const { value, problem } = parseValue(match[2]!);
    if (problem) problems.push({ variable: name, message: problem });
    lines.push({ kind: 'variable', name, value, text: line, lineNumber: index + 1 });
  });
  return { lines, problems };
}

/** The values by name; a name set twice takes its last value, as docker compose does. */
export function envValues(lines: EnvLine[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines) if (line.kind === 'variable') values.set(line.name, line.value);
  return values;
}

/** One NAME=value line, single-quoted when the value holds anything but plain characters. */
export function formatAssignment(name: string, value: string): string {
  if (PLAIN_VALUE.test(value)) return `${name}=${value}`;
  if (value.includes("'") || value.includes('\n'))
    throw new Error(`${name}: a value with a single quote or a line break cannot be written to a .env file`);
  return `${name}='${value}'`;
}

export function formatEnvFile(lines: EnvLine[]): string {
  return `${lines.map((line) => line.text).join('\n')}\n`;
}

/** Sets a variable's value on every line that assigns it (normally one), rewriting only those. */
export function setValue(lines: EnvLine[], name: string, value: string): EnvLine[] {
  return lines.map((line) =>
    line.kind === 'variable' && line.name === name ? { ...line, value, text: formatAssignment(name, value) } : line,
  );
}

/**
 * Adds the template's variables that the file lacks, each with the comment lines directly
 * above it in the template, right after the variable that precedes it in the template (or at
 * the end). Everything already in the file stays where and as it is.
 */
export function addMissingVariables(file: EnvLine[], template: EnvLine[]): { lines: EnvLine[]; added: string[] } {
  const lines = [...file];
  const present = new Set(lines.flatMap((l) => (l.kind === 'variable' ? [l.name] : [])));
  const added: string[] = [];
  template.forEach((line, index) => {
    if (line.kind !== 'variable' || present.has(line.name)) return;
    let start = index;
    while (start > 0 && template[start - 1]!.kind === 'text' && template[start - 1]!.text.trim().startsWith('#')) {
      start--;
    }
    const block = template.slice(start, index + 1);
    const anchor = template
      .slice(0, start)
      .reverse()
      .find((l) => l.kind === 'variable' && present.has(l.name));
    const at = anchor
      ? lines.findLastIndex((l) => l.kind === 'variable' && anchor.kind === 'variable' && l.name === anchor.name) + 1
      : lines.length;
    // A comment block gets a blank line above it, so it does not read as the previous one's.
    const separated = block.length > 1 ? [{ kind: 'text' as const, text: '' }, ...block] : block;
    lines.splice(at, 0, ...separated);
    present.add(line.name);
    added.push(line.name);
  });
  return { lines, added };
}
