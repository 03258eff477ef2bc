// Type-checks command params against a whitelist entry's declared params (SPEC 3.2). Pure, so
// commands, rules, Telegram `ACTION:` messages and the /whitelists/check endpoint all share
// exactly one definition of what "an int" or "an email" is.
export const PARAM_TYPES = ['string', 'int', 'number', 'bool', 'email', 'url', 'list', 'object'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export type ParamSpec = { type: ParamType; required?: boolean; description?: string };
export type ParamSpecs = Record<string, ParamSpec>;

// Deliberately simple: one @, no spaces, a dot in the domain. Mail servers decide the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

function isUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

const describeType: Record<ParamType, string> = {
  string: 'text',
  int: 'a whole number',
  number: 'a number',
  bool: 'true or false',
  email: 'an e-mail address',
  url: 'an http(s) URL',
  list: 'a list',
  object: 'an object',
};

/** Whether `value` has type `type`. Numbers in strings are not numbers: JSON carries types. */
export function hasType(type: ParamType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'email':
      return typeof value === 'string' && value.length <= 320 && EMAIL.test(value);
    case 'url':
      return typeof value === 'string' && value.length <= 2048 && isUrl(value);
    case 'list':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}

export function typeMessage(type: ParamType): string {
  return `must be ${describeType[type]}`;
}

/**
 * Errors keyed by param name: unknown params, missing required ones (null counts as missing)
 * and values of the wrong type. An empty object means the params are acceptable.
 */
export function checkParams(specs: ParamSpecs, params: unknown): Record<string, string> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return { params: 'must be an object' };
  const errors: Record<string, string> = {};
  const given = params as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) errors[name] = 'is not an allowed parameter';
    else if (value === null || value === undefined) {
      if (spec.required) errors[name] = 'is required';
    } else if (!hasType(spec.type, value)) errors[name] = typeMessage(spec.type);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !Object.hasOwn(given, name)) errors[name] = 'is required';
  }
  return errors;
}
