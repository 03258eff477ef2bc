// The admin password rule of SPEC 3.5: at least 12 characters with an upper-case letter, a
// lower-case letter, a digit and a special character. Returns the unmet requirements so the
// API can answer with a field-level message.
import { randomInt } from 'node:crypto';

const requirements: Array<[RegExp, string]> = [
  [/^.{12,}$/su, 'at least 12 characters'],
  [/\p{Lu}/u, 'an upper-case letter'],
  [/\p{Ll}/u, 'a lower-case letter'],
  [/\p{Nd}/u, 'a digit'],
  [/[^\p{L}\p{Nd}]/u, 'a special character'],
];

export function passwordProblems(password: string): string[] {
  return requirements.filter(([pattern]) => !pattern.test(password)).map(([, label]) => label);
}

export function describePasswordProblems(problems: string[]): string {
  return `the password needs ${problems.join(', ')}`;
}

/** A random password that satisfies the rule (20 characters, every class present). */
export function generatePassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@_~'];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)]!);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
