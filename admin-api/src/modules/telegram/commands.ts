// The bot's answers to commands and directives. Each runs inside the update's transaction
// (bot.ts), may write (a note, a link, a command — each audited by its own service) and
// returns the reply text, which bot.ts queues in the outbox. Event creation is in bot.ts:
// createEvent runs its own transaction.
import type pg from 'pg';
import type { AuditActor } from '../../http/principal.ts';
import type { EntryParse } from '../events/entry-parser.ts';
import { createCommand } from '../commands/create.ts';
import { createNote } from '../notes/service.ts';
import { createSavedLink } from '../saved-links/service.ts';
import * as text from './messages.ts';
import type { Lang } from './messages.ts';

export type BotContext = {
  client: pg.ClientBase;
  lang: Lang;
  actor: AuditActor;
  chatId: number;
  messageId: number;
  updateId: number;
  firstName: string | undefined;
  /** Time zone of the bot's calendar: how times are shown. */
  zone: string;
};

export async function nextEventsReply(ctx: BotContext): Promise<string> {
  const rows = await ctx.client.query<{ title: string; start_at: Date; end_at: Date; location: string | null }>(
    `SELECT title, start_at, end_at, location FROM events
      WHERE status = 'scheduled' AND end_at > now() AND consumed_at IS NULL
      ORDER BY start_at, id LIMIT 5`,
  );
  if (rows.rowCount === 0) return text.noEvents(ctx.lang);
  return text.nextEvents(
    ctx.lang,
    rows.rows.map(
      (e) =>
        `${e.title} – ${text.when(ctx.lang, e.start_at, e.end_at, ctx.zone)}${e.location ? ` @ ${e.location}` : ''}`,
    ),
  );
}

export async function statusReply(ctx: BotContext): Promise<string> {
  const result = await ctx.client.query<text.StatusCounts>(
    `SELECT
       (SELECT count(*) FROM commands WHERE status = 'PENDING')::int AS commands_pending,
       (SELECT count(*) FROM commands WHERE status = 'PROCESSING')::int AS commands_processing,
       (SELECT count(*) FROM commands WHERE status = 'FAILED')::int AS commands_failed,
       (SELECT count(*) FROM outbox WHERE status IN ('pending', 'in_flight'))::int AS outbox_pending,
       (SELECT count(*) FROM outbox WHERE status = 'dead')::int AS outbox_dead,
       (SELECT floor(extract(epoch FROM now() - min(created_at)))::int FROM outbox WHERE status IN ('pending', 'in_flight'))
         AS oldest_pending_seconds`,
  );
  return text.status(ctx.lang, result.rows[0]!);
}

type Directive = Exclude<EntryParse, { kind: 'none' }>;

/** NOTE/URL/ACTION from a chat; a refusal (whitelist, validation) throws an HttpProblem. */
export async function directiveReply(ctx: BotContext, parse: Directive): Promise<string> {
  const from = { source: 'telegram', source_ref: `chat:${ctx.chatId}/msg:${ctx.messageId}` };
  switch (parse.kind) {
    case 'error':
      return text.refused(ctx.lang, parse.message, undefined);
    case 'note':
      await createNote(ctx.client, { text: parse.text, ...from }, ctx.actor);
      return text.noteSaved(ctx.lang);
    case 'link':
      await createSavedLink(ctx.client, { url: parse.url, description: parse.description, ...from }, ctx.actor);
      return text.linkSaved(ctx.lang, parse.url);
    case 'command': {
      const command = await createCommand(
        ctx.client,
        {
          system: parse.system,
          action: parse.action,
          params: parse.params,
          source: 'telegram',
          // One command per Telegram message, even if Telegram delivers it again.
          idempotencyKey: `telegram:${ctx.updateId}`,
          createdBy: ctx.actor.actorLabel,
        },
        ctx.actor,
      );
      return text.commandQueued(ctx.lang, command.system, command.action, command.id);
    }
  }
}
