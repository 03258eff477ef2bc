// The variables a template body uses, read from its Handlebars source without Handlebars (the
// server renders; the console only needs names for the placeholder help and a sample to render
// with). Follows the subset admin-api allows (modules/templates/render.ts): {{x}}, {{{x}}},
// {{#if}}/{{#unless}}/{{else}}, {{#each}} (with `as |item i|`), {{#with}}, {{lookup obj key}},
// ../ parent paths, @root and @index-style data, comments. Inside {{#each items}} a field is
// reported as `items[].field`, the way an author thinks of "a field of each item".

export type PlaceholderUse = 'value' | 'condition' | 'list' | 'object';
export type Placeholder = { path: string; uses: PlaceholderUse[] };

/** What the server stores per declared variable (`variables` of a template). */
export type DeclaredVariable = { description?: string; required?: boolean; sample?: unknown };
export type DeclaredVariables = Record<string, DeclaredVariable>;

type Frame = {
  /** Path of this context from the root ('' at the root); undefined for #if/#unless. */
  context: string | undefined;
  blockParams: Record<string, string | undefined>;
};

const LITERAL = /^(?:-?\d+(?:\.\d+)?|true|false|null|undefined|"[^"]*"|'[^']*')$/;
const MUSTACHE = /\{\{(\{)?~?\s*([\s\S]*?)\s*~?(\})?\}\}/g;

function stripComments(source: string): string {
  return source.replace(/\{\{~?!--[\s\S]*?--~?\}\}/g, '').replace(/\{\{~?![\s\S]*?\}\}/g, '');
}

/** Splits `each items as |item i|` into words, keeping quoted strings and |…| together. */
function words(content: string): string[] {
  return content.match(/"[^"]*"|'[^']*'|\|[^|]*\||\([^)]*\)|[^\s]+/g) ?? [];
}

const joinPath = (base: string, part: string) => (base ? `${base}.${part}` : part);

export class PlaceholderCollector {
  private readonly found = new Map<string, Set<PlaceholderUse>>();
  private readonly frames: Frame[] = [{ context: '', blockParams: {} }];

  /** The context frames (those that change `this`), innermost last. */
  private contexts(): Frame[] {
    return this.frames.filter((f) => f.context !== undefined);
  }

  /** The dotted path a Handlebars path expression refers to, or undefined for data and literals. */
  resolve(expression: string): string | undefined {
    if (LITERAL.test(expression) || expression.startsWith('(')) return undefined;
    const clean = expression.replace(/\[([^\]]*)\]/g, '$1');
    if (clean.startsWith('@root.')) return clean.slice('@root.'.length) || undefined;
    if (clean.startsWith('@')) return undefined;
    let rest = clean;
    let up = 0;
    while (rest.startsWith('../')) {
      up += 1;
      rest = rest.slice(3);
    }
    rest = rest.replace(/^\.\//, '');
    const contexts = this.contexts();
    const frame = contexts[Math.max(0, contexts.length - 1 - up)]!;
    const base = frame.context!;
    if (rest === 'this' || rest === '.') return base || undefined;
    if (rest.startsWith('this.')) rest = rest.slice(5);
    else if (up === 0) {
      const [head, ...tail] = rest.split('.');
      for (let i = this.frames.length - 1; i >= 0; i--) {
        const params = this.frames[i]!.blockParams;
        if (Object.hasOwn(params, head!)) {
          const param = params[head!];
          if (param === undefined) return undefined; // the @index-like second parameter
          return tail.reduce(joinPath, param) || undefined;
        }
      }
    }
    return rest.split('.').reduce(joinPath, base) || undefined;
  }

  private add(path: string | undefined, use: PlaceholderUse): void {
    if (!path) return;
    const uses = this.found.get(path) ?? new Set<PlaceholderUse>();
    uses.add(use);
    this.found.set(path, uses);
  }

  private blockParams(parts: string[]): { names: string[]; params: string[] } {
    const pipes = parts.findIndex((p) => p.startsWith('|'));
    if (pipes < 1 || parts[pipes - 1] !== 'as') return { names: [], params: parts };
    return { names: parts[pipes]!.slice(1, -1).trim().split(/\s+/).filter(Boolean), params: parts.slice(0, pipes - 1) };
  }

  private open(content: string): void {
    const [name = '', ...rest] = words(content);
    const { names, params } = this.blockParams(rest);
    if (name === 'if' || name === 'unless') {
      this.add(this.resolve(params[0] ?? ''), 'condition');
      this.frames.push({ context: undefined, blockParams: {} });
      return;
    }
    const target = name === 'each' || name === 'with' ? this.resolve(params[0] ?? '') : this.resolve(name);
    const isList = name === 'each';
    this.add(target, isList ? 'list' : 'object');
    const context = target === undefined ? '' : isList ? `${target}[]` : target;
    const blockParams: Record<string, string | undefined> = {};
    if (names[0]) blockParams[names[0]] = context;
    if (names[1]) blockParams[names[1]] = undefined;
    this.frames.push({ context, blockParams });
  }

  private expression(content: string): void {
    const [head = '', ...params] = words(content);
    if (head === 'else') {
      // `{{else if x}}` tests x like an #if; a plain else changes nothing.
      if (params[0] === 'if' || params[0] === 'unless') this.add(this.resolve(params[1] ?? ''), 'condition');
      return;
    }
    if (head === 'lookup') {
      this.add(this.resolve(params[0] ?? ''), 'object');
      if (params[1]) this.add(this.resolve(params[1]), 'value');
      return;
    }
    if (params.length > 0) return; // another helper: the server refuses it at save
    this.add(this.resolve(head), 'value');
  }

  read(source: string): this {
    for (const match of stripComments(source).matchAll(MUSTACHE)) {
      const content = match[2]!.trim();
      if (!content) continue;
      const sigil = content[0];
      if (sigil === '#' && !content.startsWith('#>') && !content.startsWith('#*')) this.open(content.slice(1).trim());
      else if (sigil === '/') {
        if (this.frames.length > 1) this.frames.pop();
      } else if (sigil === '^') continue;
      else if (sigil === '>' || sigil === '&') {
        if (sigil === '&') this.expression(content.slice(1).trim());
      } else this.expression(content);
    }
    return this;
  }

  placeholders(): Placeholder[] {
    return [...this.found.entries()].map(([path, uses]) => ({ path, uses: [...uses] }));
  }
}

/** The variables used by all given template texts (subject, HTML, text), in order of appearance. */
export function extractPlaceholders(...sources: Array<string | null | undefined>): Placeholder[] {
  const merged = new Map<string, Set<PlaceholderUse>>();
  for (const source of sources) {
    if (!source) continue;
    for (const { path, uses } of new PlaceholderCollector().read(source).placeholders()) {
      const set = merged.get(path) ?? new Set<PlaceholderUse>();
      uses.forEach((u) => set.add(u));
      merged.set(path, set);
    }
  }
  return [...merged.entries()].map(([path, uses]) => ({ path, uses: [...uses] }));
}

type Json = Record<string, unknown>;

/** Sets `value` at a placeholder path, where `items[]` means "inside the first item of items". */
function setAt(root: Json, path: string, value: unknown, overwrite: boolean): void {
  const parts = path.split('.');
  let node: Json = root;
  parts.forEach((raw, i) => {
    const isList = raw.endsWith('[]');
    const key = isList ? raw.slice(0, -2) : raw;
    const last = i === parts.length - 1;
    if (last && !isList) {
      if (overwrite || !Object.hasOwn(node, key)) node[key] = value;
      return;
    }
    if (isList) {
      if (!Array.isArray(node[key])) node[key] = [{}];
      const items = node[key] as unknown[];
      if (items[0] === null || typeof items[0] !== 'object' || Array.isArray(items[0])) items[0] = {};
      node = items[0] as Json;
    } else {
      if (node[key] === null || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Json;
    }
  });
}

/**
 * Variables to preview with: the declared samples (as the server's sampleVariables builds
 * them), plus a visible stand-in "[name]" for each used variable without a sample, so a
 * preview shows where every placeholder lands.
 */
export function sampleVariables(placeholders: Placeholder[], declared: DeclaredVariables = {}): Json {
  const out: Json = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.sample !== undefined) setAt(out, name, structuredClone(spec.sample), true);
  }
  for (const { path, uses } of placeholders) {
    if (uses.includes('value')) setAt(out, path, `[${path}]`, false);
    else if (uses.includes('list')) setAt(out, `${path}[]`, undefined, false);
    else if (uses.includes('object')) setAt(out, `${path}.__`, undefined, false);
    else setAt(out, path, true, false);
  }
  return prune(out) as Json;
}

/** Removes the `__` markers setAt leaves for empty objects. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !(k === '__' && v === undefined))
        .map(([k, v]) => [k, prune(v)]),
    );
  return value;
}

/**
 * The declared variables with the samples of `variables`: each top-level leaf path (arrays
 * are one value, as a declared name cannot index into a list) gets `sample`; descriptions
 * and required flags already declared are kept.
 */
export function declareSamples(variables: Json, declared: DeclaredVariables = {}): DeclaredVariables {
  const out: DeclaredVariables = structuredClone(declared);
  const visit = (value: unknown, path: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
    } else if (path) out[path] = { ...out[path], sample: value };
  };
  visit(variables, '');
  return out;
}

/** Parses the sample-variables editor's text: an object, or an error message key. */
export function parseVariables(
  text: string,
): { ok: true; value: Json } | { ok: false; error: 'invalid_json' | 'not_object' } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || '{}');
  } catch {
    return { ok: false, error: 'invalid_json' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, error: 'not_object' };
  return { ok: true, value: parsed as Json };
}

/** `base` with every value of `override` laid over it (objects merged key by key). */
export function mergeSamples(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    const bothObjects =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current);
    out[key] = bothObjects ? mergeSamples(current as Json, value as Json) : value;
  }
  return out;
}
