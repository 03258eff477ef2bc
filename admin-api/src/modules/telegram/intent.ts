// What a text message asks for, decided before anything is written (pure):
//   /command[@bot] [args]         → a bot command (commands for another bot are not ours)
//   NOTIZ:/NOTE:, URL:, ACTION:   → a calendar-entry directive (events/entry-parser.ts)
//   anything else                 → plain language: maybe an event ("Meeting tomorrow 2pm")
import { parseCalendarEntry, type EntryParse } from '../events/entry-parser.ts';

export type Intent =
  | { kind: 'command'; command: string; args: string }
  | { kind: 'other_bot' }
  | { kind: 'directive'; parse: Exclude<EntryParse, { kind: 'none' }> }
  | { kind: 'plain'; text: string };

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

export function classify(text: string, botUsername: string | null): Intent {
  const trimmed = text.trim();
  const command = COMMAND.exec(trimmed);
  if (command) {
    const [, name, addressee, args] = command as unknown as [string, string, string | undefined, string | undefined];
    if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return { kind: 'other_bot' };
    return { kind: 'command', command: name.toLowerCase(), args: (args ?? '').trim() };
  }
  const parse = parseCalendarEntry(trimmed, null);
  if (parse.kind !== 'none') return { kind: 'directive', parse };
  return { kind: 'plain', text: trimmed };
}
