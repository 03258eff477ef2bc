// Handling one Telegram update (after webhook.ts verified the secret). Rules:
//   - Exactly once per update_id: the id goes into telegram_updates_seen in the SAME
//     transaction as the update's effects (note, command, event, telegram.message event, reply),
//     so a redelivered update finds it and does nothing, and a failed one leaves no trace and
//     is handled afresh when Telegram retries.
//   - Only allowed chats are served; any other chat is recorded as seen and audited once
//     (entity telegram_chat, action ignored, its id in the row so an admin can allow it), and
//     Telegram gets 200 so it stops retrying.
//   - Nothing here calls Telegram: replies are outbox rows (telegram.send) the relay sends, and
//     every message of an allowed chat is emitted as `telegram.message` for n8n.
//   - A refusal (whitelist, validation, an auto_plan conflict) is not an error for Telegram: it
//     becomes the reply; the part of the transaction that tried it is rolled back to a savepoint.
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { AuditActor } from '../../http/principal.ts';
import { appendAudit } from '../audit/repo.ts';
import { parseCalendarEntry } from '../events/entry-parser.ts';
import { eventBody } from '../events/schemas.ts';
import { createEvent } from '../events/service.ts';
import { emitEvent } from '../outbox/emit.ts';
import { directiveReply, nextEventsReply, statusReply, type BotContext } from './commands.ts';
import { classify, type Intent } from './intent.ts';
import * as text from './messages.ts';
import { queueTelegramMessage } from './outbox.ts';
import { parseEvent } from './parse-event.ts';
import type { IncomingMessage, IncomingUpdate } from './schemas.ts';
import { chatAllowed, type TelegramSettings } from './settings.ts';

export type Outcome = 'handled' | 'duplicate' | 'ignored';

export type BotDeps = { pool: pg.Pool; now?: () => Date };

/** Thrown inside an event transaction that finds its update already handled: rolls it back. */
class AlreadyHandled extends Error {}

async function markSeen(client: pg.ClientBase, updateId: number): Promise<boolean> {
  const result = await client.query(
    'INSERT INTO telegram_updates_seen (update_id) VALUES ($1) ON CONFLICT (update_id) DO NOTHING',
    [updateId],
  );
  return result.rowCount === 1;
}

function actorOf(message: IncomingMessage): AuditActor {
  const from = message.from;
  const name = from?.username ? `@${from.username}` : (from?.first_name ?? message.chat.title ?? null);
  return {
    actorType: 'telegram',
    actorId: String(message.chat.id),
    actorLabel: name ? `${name} (chat ${message.chat.id})`.slice(0, 200) : `chat ${message.chat.id}`,
  };
}

async function emitMessage(client: pg.ClientBase, updateId: number, message: IncomingMessage, handledAs: string) {
  await emitEvent(client, {
    type: 'telegram.message',
    entity: { kind: 'telegram_chat', id: String(message.chat.id) },
    data: {
      update_id: updateId,
      message_id: message.message_id,
      date: new Date(message.date * 1000).toISOString(),
      chat: message.chat,
      from: message.from ?? null,
      text: message.text ?? null,
      handled_as: handledAs,
    },
  });
}

const reply = (client: pg.ClientBase, updateId: number, message: IncomingMessage, body: string) =>
  queueTelegramMessage(
    client,
    { chat_id: message.chat.id, text: body.slice(0, 4096), reply_to_message_id: message.message_id },
    { idempotencyKey: `telegram_reply_${updateId}`, entity: { kind: 'telegram_update', id: String(updateId) } },
  );

async function calendarZone(db: pg.Pool | pg.ClientBase, calendarId: string): Promise<string> {
  const result = await db.query<{ time_zone: string }>('SELECT time_zone FROM calendars WHERE id = $1', [calendarId]);
  return result.rows[0]?.time_zone ?? 'UTC';
}

function problemReply(lang: text.Lang, problem: HttpProblem, zone: string): string {
  const suggestions = problem.extensions?.suggestions;
  if (problem.status === 409 && Array.isArray(suggestions))
    return text.slotTaken(
      lang,
      (suggestions as Array<{ start_at: string; end_at: string }>)
        .slice(0, 3)
        .map((s) => text.when(lang, new Date(s.start_at), new Date(s.end_at), zone)),
    );
  return text.refused(lang, problem.detail ?? problem.title, problem.errors);
}

/** Runs `work` under a savepoint: an HttpProblem rolls its writes back and becomes the reply. */
async function attempt(ctx: BotContext, work: () => Promise<string>): Promise<string> {
  await ctx.client.query('SAVEPOINT telegram_effect');
  try {
    const answer = await work();
    await ctx.client.query('RELEASE SAVEPOINT telegram_effect');
    return answer;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    await ctx.client.query('ROLLBACK TO SAVEPOINT telegram_effect');
    return problemReply(ctx.lang, error, ctx.zone);
  }
}

type EventPlan = { kind: 'event'; title: string; start: Date; end: Date } | { kind: 'reply'; text: string };

/** /create <text> and plain text: an event to create, or what to answer instead. */
function planEvent(
  textIn: string,
  lang: text.Lang,
  settings: TelegramSettings,
  zone: string,
  now: Date,
  fromCommand: boolean,
): EventPlan {
  if (fromCommand && !textIn) return { kind: 'reply', text: text.createUsage(lang) };
  const parsed = parseEvent(textIn, { now, timeZone: zone, defaultDurationMinutes: settings.defaultDurationMinutes });
  if (!parsed.ok) {
    // Plain chatter without any date or time is "not understood", not a parse error.
    if (!fromCommand && parsed.reason === 'no_when') return { kind: 'reply', text: text.notUnderstood(lang) };
    return { kind: 'reply', text: text.cannotParse(lang, parsed.reason, parsed.message) };
  }
  // A title that is itself an ACTION:/NOTE:/URL: entry would be consumed by createEvent.
  if (parseCalendarEntry(parsed.title, null).kind !== 'none') return { kind: 'reply', text: text.notUnderstood(lang) };
  return { kind: 'event', title: parsed.title, start: parsed.start, end: parsed.end };
}

/** Creates the event with the update's bookkeeping inside createEvent's own transaction. */
async function createEventFor(
  deps: BotDeps,
  settings: TelegramSettings,
  updateId: number,
  message: IncomingMessage,
  plan: Extract<EventPlan, { kind: 'event' }>,
  lang: text.Lang,
  zone: string,
): Promise<{ outcome: Outcome } | { refusal: string }> {
  const input = eventBody.safeParse({
    calendar_id: settings.calendarId,
    title: plan.title,
    start_at: plan.start.toISOString(),
    end_at: plan.end.toISOString(),
    source: 'telegram',
    metadata: { telegram: { chat_id: message.chat.id, message_id: message.message_id, update_id: updateId } },
  });
  if (!input.success)
    return { refusal: text.refused(lang, input.error.issues[0]?.message ?? 'invalid event', undefined) };
  try {
    await createEvent(deps.pool, input.data, actorOf(message), {
      afterInsert: async (client, id) => {
        if (!(await markSeen(client, updateId))) throw new AlreadyHandled();
        await emitMessage(client, updateId, message, 'event');
        await reply(
          client,
          updateId,
          message,
          text.eventCreated(lang, plan.title, text.when(lang, plan.start, plan.end, zone)) + `\n${id}`,
        );
      },
    });
    return { outcome: 'handled' };
  } catch (error) {
    if (error instanceof AlreadyHandled) return { outcome: 'duplicate' };
    if (error instanceof HttpProblem) return { refusal: problemReply(lang, error, zone) };
    throw error;
  }
}

async function ignoreChat(deps: BotDeps, updateId: number, message: IncomingMessage | undefined, why: string) {
  return withTransaction(deps.pool, async (client): Promise<Outcome> => {
    if (!(await markSeen(client, updateId))) return 'duplicate';
    if (message)
      await appendAudit(client, {
        ...actorOf(message),
        entity: 'telegram_chat',
        entityId: String(message.chat.id),
        action: 'ignored',
        success: false,
        riskScore: 30,
        details: { reason: why, update_id: updateId, chat_type: message.chat.type },
      });
    return 'ignored';
  });
}

export async function handleUpdate(
  deps: BotDeps,
  settings: TelegramSettings,
  update: IncomingUpdate,
): Promise<Outcome> {
  const updateId = update.update_id;
  const message = update.message;
  // Other update kinds (edits, reactions, …) are not subscribed to; if one comes, it is noted.
  // A cheap early answer for redeliveries; markSeen in the transaction is what decides.
  const seen = await deps.pool.query('SELECT 1 FROM telegram_updates_seen WHERE update_id = $1', [updateId]);
  if (seen.rowCount) return 'duplicate';
  if (!message) return ignoreChat(deps, updateId, undefined, 'not a message');
  if (!chatAllowed(settings, message.chat.id)) return ignoreChat(deps, updateId, message, 'chat not allowed');

  const lang = text.langOf(message.from?.language_code);
  const zone = await calendarZone(deps.pool, settings.calendarId);
  const now = deps.now?.() ?? new Date();
  const intent: Intent | { kind: 'no_text' } =
    message.text === undefined ? { kind: 'no_text' } : classify(message.text, settings.botUsername);

  // Events are created through createEvent, which owns its transaction.
  let precomputed: string | undefined;
  if ((intent.kind === 'command' && intent.command === 'create') || intent.kind === 'plain') {
    const plan = planEvent(
      intent.kind === 'plain' ? intent.text : intent.args,
      lang,
      settings,
      zone,
      now,
      intent.kind === 'command',
    );
    if (plan.kind === 'reply') precomputed = plan.text;
    else {
      const result = await createEventFor(deps, settings, updateId, message, plan, lang, zone);
      if ('outcome' in result) return result.outcome;
      precomputed = result.refusal;
    }
  }

  return withTransaction(deps.pool, async (client): Promise<Outcome> => {
    if (!(await markSeen(client, updateId))) return 'duplicate';
    const handledAs = intent.kind === 'command' ? `command:${intent.command}` : intent.kind;
    await emitMessage(client, updateId, message, handledAs);
    if (intent.kind === 'other_bot') return 'ignored';
    const ctx: BotContext = {
      client,
      lang,
      actor: actorOf(message),
      chatId: message.chat.id,
      messageId: message.message_id,
      updateId,
      firstName: message.from?.first_name,
      zone,
    };
    const answer = precomputed ?? (await answerFor(ctx, intent));
    await reply(client, updateId, message, answer);
    return 'handled';
  });
}

async function answerFor(ctx: BotContext, intent: Intent | { kind: 'no_text' }): Promise<string> {
  switch (intent.kind) {
    case 'no_text':
      return text.textOnly(ctx.lang);
    case 'directive':
      return attempt(ctx, () => directiveReply(ctx, intent.parse));
    case 'command':
      switch (intent.command) {
        case 'start':
          return text.start(ctx.lang, ctx.firstName);
        case 'help':
          return text.help(ctx.lang);
        case 'events':
          return nextEventsReply(ctx);
        case 'status':
          return statusReply(ctx);
        default:
          return text.unknownCommand(ctx.lang, intent.command);
      }
    default:
      // plain text and /create are answered before the transaction (planEvent)
      return text.notUnderstood(ctx.lang);
  }
}
