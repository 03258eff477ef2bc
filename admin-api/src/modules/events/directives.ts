// Applies an ACTION:/NOTE:/URL: directive of a calendar entry (entry-parser.ts) inside the
// event's transaction: a whitelisted command, a note or a saved link is created and the event is
// marked consumed (so a re-sync does not do it again, and it is no longer busy time); a
// directive that cannot be honoured leaves an ordinary event with a visible parse_error.
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import { createCommand } from '../commands/create.ts';
import { createNote } from '../notes/service.ts';
import { createSavedLink } from '../saved-links/service.ts';
import { check } from '../whitelists/service.ts';
import { parseCalendarEntry, type EntryParse } from './entry-parser.ts';

export type DirectivePlan =
  | { kind: 'none' }
  | { kind: 'error'; message: string }
  | { kind: 'consume'; parse: Exclude<EntryParse, { kind: 'none' } | { kind: 'error' }> };

/** Decides before the write (a consumed entry is not busy time, so no conflict check). */
export async function planDirective(
  db: pg.ClientBase,
  entry: { title: string; description: string | null },
): Promise<DirectivePlan> {
  const parse = parseCalendarEntry(entry.title, entry.description);
  if (parse.kind === 'none') return { kind: 'none' };
  if (parse.kind === 'error') return { kind: 'error', message: parse.message };
  if (parse.kind === 'command') {
    const verdict = await check(db, parse.system, parse.action, parse.params);
    if (!verdict.allowed) {
      const details = Object.entries(verdict.errors).map(([k, v]) => `${k} ${v}`);
      return {
        kind: 'error',
        message: `ACTION ${parse.system} ${parse.action} refused: ${verdict.reason}${details.length ? ` (${details.join('; ')})` : ''}`,
      };
    }
  }
  return { kind: 'consume', parse };
}

export type DirectiveOutcome = { created?: { kind: 'command' | 'note' | 'link'; id: string } };

/** Carries out a consumable directive for the stored event. */
export async function applyDirective(
  client: pg.ClientBase,
  plan: Extract<DirectivePlan, { kind: 'consume' }>,
  event: { id: string; source: string },
  actor: AuditActor,
): Promise<DirectiveOutcome> {
  const parse = plan.parse;
  // source_ref: where the calendar entry came from (api, google:work, …).
  const from = { source: 'calendar', source_ref: event.source, event_id: event.id };
  if (parse.kind === 'command') {
    const command = await createCommand(
      client,
      { system: parse.system, action: parse.action, params: parse.params, source: 'calendar', sourceEventId: event.id },
      actor,
    );
    return { created: { kind: 'command', id: command.id } };
  }
  if (parse.kind === 'note') {
    const note = await createNote(client, { text: parse.text, ...from }, actor);
    return { created: { kind: 'note', id: note.id } };
  }
  const link = await createSavedLink(client, { url: parse.url, description: parse.description, ...from }, actor);
  return { created: { kind: 'link', id: link.id } };
}
