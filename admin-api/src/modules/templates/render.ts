// Rendering of templates with Handlebars, plus the one thing Handlebars does not do: report
// variables that are missing instead of rendering them as blanks (SPEC 3.3).
//
//   - HTML bodies are HTML-escaped ({{x}}); `{{{x}}}` is the explicit opt-out. Subjects and
//     text bodies are rendered without escaping (they are not HTML).
//   - JSON payloads (webhook templates, rule params) are rendered value by value: only string
//     values are templates, so the result is always valid JSON. A string that is exactly one
//     placeholder ("{{command.result.id}}") takes the variable's raw value, keeping its type
//     (a number stays a number, an object an object); a missing one becomes null.
//   - Only the built-in helpers if/unless/each/with/lookup are allowed; partials, decorators,
//     `log` and unknown helpers are syntax errors, caught at create/update.
//   - Missing variables are found by walking the template's syntax tree over the actual
//     variables, following the branch of each {{#if}} that is taken and each {{#each}} item,
//     so `{{#if event.location}}…{{event.location}}…{{/if}}` reports nothing. Only absent keys
//     count as missing; an explicit null is a value. Tests in an #if are never "missing".
import Handlebars from 'handlebars';

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;
type PathExpression = hbs.AST.PathExpression;
type Expression = hbs.AST.Expression;

export type RenderResult<T> = { output: T; missing: string[] };

const env = Handlebars.create();
const ALLOWED_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);
const COMPILE_OPTIONS = { knownHelpersOnly: true, strict: false } as const;

// ---------------------------------------------------------------------------------------------
// Syntax
// ---------------------------------------------------------------------------------------------

function firstLines(message: string): string {
  return message.split('\n').slice(0, 1).join(' ').replace(/\s+/g, ' ').trim();
}

/** Returns a message for a template Chronos cannot render, or undefined when it is fine. */
export function templateSyntaxError(source: string): string | undefined {
  let program: Program;
  try {
    program = env.parse(source);
    env.precompile(source, COMPILE_OPTIONS);
  } catch (error) {
    const message = (error as Error).message;
    // Handlebars puts the position on the first line and a caret picture below it.
    const expecting = /Expecting (.*), got '([^']+)'/.exec(message);
    return expecting ? `${firstLines(message)} unexpected ${expecting[2]}` : firstLines(message);
  }
  return unsupported(program);
}

function unsupported(program: Program): string | undefined {
  for (const statement of program.body) {
    const s = statement as Statement & { type: string };
    if (s.type === 'PartialStatement' || s.type === 'PartialBlockStatement')
      return 'partials ({{> …}}) are not supported';
    if (s.type === 'Decorator' || s.type === 'DecoratorBlock') return 'decorators are not supported';
    if (s.type === 'MustacheStatement' || s.type === 'BlockStatement') {
      const m = s as hbs.AST.MustacheStatement;
      const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || s.type === 'BlockStatement';
      const name = m.path.type === 'PathExpression' ? (m.path as PathExpression).original : '';
      if (name === 'log') return 'the log helper is not supported';
      if (isCall && m.params.length > 0 && !ALLOWED_HELPERS.has(name))
        return `unknown helper "${name}" (allowed: ${[...ALLOWED_HELPERS].join(', ')})`;
    }
    if (s.type === 'BlockStatement') {
      const b = s as hbs.AST.BlockStatement;
      const inner = unsupported(b.program) ?? (b.inverse ? unsupported(b.inverse) : undefined);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Syntax errors of every string value in a JSON document, keyed by path (`payload.a.0`). */
export function jsonSyntaxErrors(value: unknown, path: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const visit = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      const error = templateSyntaxError(v);
      if (error) errors[at] = error;
    } else if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${at}.${i}`));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) visit(item, `${at}.${k}`);
  };
  visit(value, path);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Missing variables
// ---------------------------------------------------------------------------------------------

type Frame = {
  value: unknown;
  /** Dotted path of this context from the root, '' at the root. */
  path: string;
  data: Record<string, unknown>;
  blockParams: Record<string, { value: unknown; path: string }>;
};

type Resolved = { found: boolean; value: unknown; path: string };

const join = (base: string, part: string) => (base ? `${base}.${part}` : part);

function walk(value: unknown, basePath: string, parts: string[]): Resolved {
  let current = value;
  // Missing paths are reported whole (`organizer.name`, not `organizer`): that is the name
  // a template author declares and looks for.
  const path = parts.reduce(join, basePath);
  for (const part of parts) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part))
      return { found: false, value: undefined, path };
    current = (current as Record<string, unknown>)[part];
  }
  return { found: true, value: current, path };
}

function resolve(expr: PathExpression, frames: Frame[]): Resolved {
  const parts = expr.parts;
  if (expr.data) {
    if (parts[0] === 'root') return walk(frames[0]!.value, '', parts.slice(1));
    for (let i = frames.length - 1; i >= 0; i--) {
      if (Object.hasOwn(frames[i]!.data, parts[0]!)) return walk(frames[i]!.data, '', parts);
    }
    return { found: false, value: undefined, path: `@${parts.join('.')}` };
  }
  if (expr.depth === 0 && parts.length > 0) {
    for (let i = frames.length - 1; i >= 0; i--) {
      const params = frames[i]!.blockParams;
      const param = Object.hasOwn(params, parts[0]!) ? params[parts[0]!] : undefined;
      if (param) return walk(param.value, param.path, parts.slice(1));
    }
  }
  const frame = frames[Math.max(0, frames.length - 1 - expr.depth)]!;
  return walk(frame.value, frame.path, parts);
}

const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

class MissingCollector {
  readonly missing = new Set<string>();

  program(program: Program | undefined, frames: Frame[]): void {
    if (!program) return;
    for (const statement of program.body) this.statement(statement, frames);
  }

  private expression(expr: Expression | undefined, frames: Frame[], report: boolean): Resolved | undefined {
    if (!expr || expr.type !== 'PathExpression') {
      if (expr?.type === 'SubExpression') this.params((expr as hbs.AST.SubExpression).params, frames);
      return undefined;
    }
    const resolved = resolve(expr as PathExpression, frames);
    if (!resolved.found && report) this.missing.add(resolved.path);
    return resolved;
  }

  private params(params: Expression[], frames: Frame[]): void {
    for (const p of params) this.expression(p, frames, true);
  }

  private statement(statement: Statement, frames: Frame[]): void {
    const s = statement as Statement & { type: string };
    if (s.type === 'MustacheStatement') {
      const m = s as hbs.AST.MustacheStatement;
      if (m.path.type !== 'PathExpression') return;
      const name = (m.path as PathExpression).original;
      if (m.params.length > 0) {
        // lookup obj key: the object must exist; the dynamic key is not checked.
        if (name === 'lookup') this.expression(m.params[0], frames, true);
        else this.params(m.params, frames);
        return;
      }
      this.expression(m.path as PathExpression, frames, true);
      return;
    }
    if (s.type !== 'BlockStatement') return;
    const b = s as hbs.AST.BlockStatement;
    const name = b.path.original;
    if (name === 'if' || name === 'unless') {
      const test = this.expression(b.params[0], frames, false);
      const value = test ? test.value : true;
      const takeProgram = name === 'if' ? truthy(value) : !truthy(value);
      this.program(takeProgram ? b.program : b.inverse, frames);
      return;
    }
    const target =
      name === 'each' || name === 'with'
        ? this.expression(b.params[0], frames, true)
        : this.expression(b.path, frames, !b.inverse);
    if (!target || !target.found) {
      this.program(b.inverse, frames);
      return;
    }
    const value = target.value;
    const names = b.program.blockParams ?? [];
    const push = (item: unknown, path: string, data: Record<string, unknown>, key: unknown) =>
      this.program(b.program, [
        ...frames,
        {
          value: item,
          path,
          data,
          blockParams: Object.fromEntries(
            [
              [names[0], { value: item, path }],
              [names[1], { value: key, path: '@index' }],
            ].filter(([n]) => n !== undefined) as Array<[string, { value: unknown; path: string }]>,
          ),
        },
      ]);
    if (name === 'with' || (name !== 'each' && !Array.isArray(value) && value && typeof value === 'object')) {
      if (truthy(value)) push(value, target.path, {}, undefined);
      else this.program(b.inverse, frames);
      return;
    }
    if (name !== 'each' && !Array.isArray(value)) {
      // A mustache-style section over a scalar: rendered once with the same context.
      this.program(truthy(value) ? b.program : b.inverse, frames);
      return;
    }
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : value && typeof value === 'object'
        ? Object.entries(value)
        : [];
    if (entries.length === 0) {
      this.program(b.inverse, frames);
      return;
    }
    entries.forEach(([key, item], i) => {
      const data = { index: Array.isArray(value) ? i : key, key, first: i === 0, last: i === entries.length - 1 };
      push(item, join(target.path, key), data, Array.isArray(value) ? i : key);
    });
  }
}

/** The variables a template uses that the given variables do not provide, as dotted paths. */
export function missingVariables(source: string, variables: Record<string, unknown>): string[] {
  const collector = new MissingCollector();
  collector.program(env.parse(source), [{ value: variables, path: '', data: {}, blockParams: {} }]);
  return [...collector.missing];
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/** Renders one template string; `html` switches HTML escaping on. Throws on a syntax error. */
export function renderText(
  source: string,
  variables: Record<string, unknown>,
  options: { html: boolean },
): RenderResult<string> {
  const template = env.compile(source, { ...COMPILE_OPTIONS, noEscape: !options.html });
  return { output: template(variables), missing: missingVariables(source, variables) };
}

function singlePlaceholder(source: string): PathExpression | undefined {
  if (!source.includes('{{')) return undefined;
  const program = env.parse(source);
  if (program.body.length !== 1) return undefined;
  const only = program.body[0] as Statement & { type: string };
  if (only.type !== 'MustacheStatement') return undefined;
  const m = only as hbs.AST.MustacheStatement;
  if (m.params.length > 0 || m.path.type !== 'PathExpression') return undefined;
  return m.path as PathExpression;
}

/** Renders every string value of a JSON document; the result is JSON again. */
export function renderJson(value: unknown, variables: Record<string, unknown>): RenderResult<unknown> {
  const missing = new Set<string>();
  const root: Frame[] = [{ value: variables, path: '', data: {}, blockParams: {} }];
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const placeholder = singlePlaceholder(v);
      if (placeholder) {
        const resolved = resolve(placeholder, root);
        if (!resolved.found) {
          missing.add(resolved.path);
          return null;
        }
        return resolved.value === undefined ? null : structuredClone(resolved.value);
      }
      const rendered = renderText(v, variables, { html: false });
      rendered.missing.forEach((m) => missing.add(m));
      return rendered.output;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, visit(item)]));
    return v;
  };
  return { output: visit(value), missing: [...missing] };
}

/** Turns declared variables {"event.title": {sample: "x"}} into {event: {title: "x"}}. */
export function sampleVariables(declared: Record<string, { sample?: unknown }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.sample === undefined) continue;
    const parts = name.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = spec.sample;
  }
  return out;
}
