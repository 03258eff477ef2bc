// docker/compose.yaml as docker compose resolves it, for checking a docker/.env on a machine
// without Docker: YAML with merge keys, then compose's variable substitution
// (https://docs.docker.com/reference/compose-file/interpolation/):
//   $$ → $,  $NAME / ${NAME} → value or "",  ${NAME:-default} (unset or empty),
//   ${NAME-default} (unset),  ${NAME:?error} / ${NAME?error} (required),  ${NAME:+alt} / ${NAME+alt}.
// tests/deploy compare the result with `docker-compose config`.
import { parse } from 'yaml';

export type ComposeProblem = { variable: string; message: string };

const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

type Lookup = (name: string) => string | undefined;

export function interpolate(text: string, lookup: Lookup, problems: ComposeProblem[]): string {
  return text.replace(
    REFERENCE,
    (_match, dollar?: string, braced?: string, operator?: string, argument = '', bare?: string) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const value = lookup(name);
      const empty = value === undefined || value === '';
      switch (operator) {
        case ':-':
          return empty ? argument : value;
        case '-':
          return value === undefined ? argument : value;
        case ':?':
        case '?':
          if (operator === ':?' ? empty : value === undefined) {
            const message = argument.startsWith(`${name} `) ? argument.slice(name.length + 1) : argument;
            problems.push({ variable: name, message: message || 'is required' });
            return '';
          }
          return value!;
        case ':+':
          return empty ? '' : argument;
        case '+':
          return value === undefined ? '' : argument;
        default:
          return value ?? '';
      }
    },
  );
}

/** Every ${NAME…} the file refers to, and whether some reference requires it (`?`). */
export function composeVariables(composeText: string): Map<string, { required: boolean }> {
  const variables = new Map<string, { required: boolean }>();
  for (const match of composeText.matchAll(REFERENCE)) {
    const name = match[2] ?? match[5];
    if (!name) continue;
    const required = match[3] === ':?' || match[3] === '?';
    variables.set(name, { required: required || (variables.get(name)?.required ?? false) });
  }
  return variables;
}

function resolveNode(node: unknown, lookup: Lookup, problems: ComposeProblem[]): unknown {
  if (typeof node === 'string') return interpolate(node, lookup, problems);
  if (Array.isArray(node)) return node.map((item) => resolveNode(item, lookup, problems));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveNode(value, lookup, problems)]));
  }
  return node;
}

export type ComposeService = { environment?: unknown; [key: string]: unknown };
export type ComposeFile = { services: Record<string, ComposeService>; [key: string]: unknown };

/** The compose file with every variable substituted; problems name the required ones missing. */
export function resolveCompose(
  composeText: string,
  values: ReadonlyMap<string, string>,
): { compose: ComposeFile; problems: ComposeProblem[] } {
  const problems: ComposeProblem[] = [];
  const document = parse(composeText, { merge: true }) as ComposeFile;
  const compose = resolveNode(document, (name) => values.get(name), problems) as ComposeFile;
  const seen = new Set<string>();
  return {
    compose,
    problems: problems.filter((p) => (seen.has(p.variable) ? false : (seen.add(p.variable), true))),
  };
}

/** A service's environment as NAME → string (compose accepts a mapping or a NAME=value list). */
export function serviceEnvironment(compose: ComposeFile, service: string): Record<string, string> {
  const environment = compose.services[service]?.environment;
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry: string) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries((environment ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
}
