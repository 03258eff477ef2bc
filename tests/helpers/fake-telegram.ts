// A small, faithful fake of the Telegram Bot API for tests (ARCHITECTURE "Telegram in tests"):
// a real HTTP server on an ephemeral port that grammY reaches through `client.apiRoot`.
//
// Protocol, as the real server speaks it:
//   - `/bot<token>/<method>` (method names are case-insensitive), GET with a query string or
//     POST with a JSON or application/x-www-form-urlencoded body (form values are strings;
//     arrays and objects are JSON-encoded, as Telegram expects);
//   - every answer is JSON: `{"ok":true,"result":…}` or
//     `{"ok":false,"error_code":N,"description":"…","parameters":{…}}`;
//   - a wrong token is 401 Unauthorized, an unknown method 404 Not Found;
//   - getMe, sendMessage (chat_id and text checked; 4096 characters at most; blocked and
//     unknown chats; reply_parameters / reply_to_message_id), setWebhook (HTTPS and port rules,
//     secret_token characters and length, allowed_updates, max_connections,
//     drop_pending_updates), getWebhookInfo (never shows the secret), deleteWebhook.
// It can also play Telegram's side of a webhook: `deliver()` POSTs an update to the registered
// URL (or another) with the X-Telegram-Bot-Api-Secret-Token header, as Telegram does.
//
// Fault switches (per method or '*', each for the next `times` calls):
//   429 with parameters.retry_after; 500 (JSON error); 502 with an HTML body (a proxy);
//   slow (answers after a delay); drop (destroys the connection without answering; the call
//   has no effect).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { type: '429'; retryAfter: number }
  | { type: '500'; description?: string }
  | { type: 'html502' }
  | { type: 'slow'; ms: number }
  | { type: 'drop' };

export type RecordedCall = {
  method: string;
  token: string;
  params: Record<string, unknown>;
  contentType: string | null;
  /** The fault that answered this call, if any. */
  fault?: Fault['type'];
  at: number;
};

export type WebhookState = {
  url: string;
  secretToken: string | null;
  allowedUpdates: string[] | null;
  maxConnections: number;
  pendingUpdateCount: number;
  lastErrorDate: number | null;
  lastErrorMessage: string | null;
};

export type SentMessage = {
  message_id: number;
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  disable_notification?: boolean;
  reply_to_message_id?: number;
};

export type FakeTelegram = {
  /** The `apiRoot` to give grammY (no trailing slash). */
  apiRoot: string;
  token: string;
  botInfo: { id: number; is_bot: true; first_name: string; username: string };
  calls: RecordedCall[];
  sent: SentMessage[];
  webhook: WebhookState;
  /** Answers the next `times` calls of `method` ('*' = any) with `fault`. */
  fault(method: string, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** sendMessage to this chat answers 403 "bot was blocked by the user". */
  blockChat(chatId: number | string): void;
  /** sendMessage to this chat answers 400 "chat not found". */
  forgetChat(chatId: number | string): void;
  /** A message update from a user in a private chat (chat id = user id), with the next ids. */
  textUpdate(
    chatId: number,
    text: string,
    from?: { username?: string; language_code?: string; first_name?: string },
  ): {
    update_id: number;
    message: Record<string, unknown>;
  };
  /** POSTs an update to the registered webhook (or `url`), with its secret as Telegram sends it. */
  deliver(
    update: unknown,
    options?: { url?: string; secretToken?: string | null },
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
};

type TelegramError = { error_code: number; description: string; parameters?: Record<string, unknown> };
class ApiError extends Error {
  readonly answer: TelegramError;
  constructor(answer: TelegramError) {
    super(answer.description);
    this.answer = answer;
  }
}
const badRequest = (description: string) =>
  new ApiError({ error_code: 400, description: `Bad Request: ${description}` });

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const WEBHOOK_PORTS = new Set([443, 80, 88, 8443]);
const UPDATE_TYPES = new Set([
  'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection', 'business_message',
  'edited_business_message', 'deleted_business_messages', 'message_reaction', 'message_reaction_count', 'inline_query',
  'chosen_inline_result', 'callback_query', 'shipping_query', 'pre_checkout_query', 'purchased_paid_media', 'poll',
  'poll_answer', 'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost', 'removed_chat_boost',
]); // prettier-ignore

/** Form and query values are strings; Telegram decodes JSON-looking ones (arrays, objects, numbers, booleans). */
function decodeFormValue(value: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|\[.*\]|\{.*\})$/s.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function paramsOf(url: URL, contentType: string | null, body: Buffer): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) params[k] = decodeFormValue(v);
  if (body.length === 0) return params;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw badRequest("can't parse JSON object");
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = decodeFormValue(v);
    return params;
  }
  throw badRequest('unsupported content type (this fake speaks JSON and urlencoded forms)');
}

const asChatId = (value: unknown): number | string | undefined => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  if (typeof value === 'string' && /^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(value)) return value;
  return undefined;
};

export async function startFakeTelegram(
  options: { token?: string; requireHttpsWebhook?: boolean } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? '123456789:AAFakeTokenForTests_abcdefghijklmnop';
  const requireHttps = options.requireHttpsWebhook ?? true;
  const botInfo = {
    id: Number(token.split(':')[0]),
    is_bot: true as const,
    first_name: 'Chronos',
    username: 'chronos_test_bot',
  };
  const calls: RecordedCall[] = [];
  const sent: SentMessage[] = [];
  const faults: Array<{ method: string; fault: Fault; times: number }> = [];
  const blocked = new Set<string>();
  const unknown = new Set<string>();
  const webhook: WebhookState = {
    url: '',
    secretToken: null,
    allowedUpdates: null,
    maxConnections: 40,
    pendingUpdateCount: 0,
    lastErrorDate: null,
    lastErrorMessage: null,
  };
  // Message ids per chat: the bot's and the users' share one sequence, as in Telegram.
  const messageIds = new Map<string, number>();
  const knownMessages = new Map<string, Set<number>>();
  let updateId = 100_000;
  const nextMessageId = (chat: number | string) => {
    const id = (messageIds.get(String(chat)) ?? 0) + 1;
    messageIds.set(String(chat), id);
    const known = knownMessages.get(String(chat)) ?? new Set<number>();
    known.add(id);
    knownMessages.set(String(chat), known);
    return id;
  };

  function takeFault(method: string): Fault | undefined {
    const i = faults.findIndex((f) => f.method === '*' || f.method === method);
    if (i < 0) return undefined;
    const entry = faults[i]!;
    entry.times -= 1;
    if (entry.times <= 0) faults.splice(i, 1);
    return entry.fault;
  }

  const methods: Record<string, (p: Record<string, unknown>) => { result: unknown; description?: string }> = {
    getme: () => ({
      result: { ...botInfo, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false },
    }),

    sendmessage: (p) => {
      if (p.chat_id === undefined || p.chat_id === '') throw badRequest('chat_id is empty');
      const chatId = asChatId(p.chat_id);
      if (chatId === undefined) throw badRequest('chat not found');
      const text = typeof p.text === 'string' ? p.text : p.text === undefined ? '' : String(p.text);
      if (text.trim() === '') throw badRequest('message text is empty');
      if ([...text].length > 4096) throw badRequest('message is too long');
      if (unknown.has(String(chatId))) throw badRequest('chat not found');
      if (blocked.has(String(chatId)))
        throw new ApiError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      if (p.parse_mode !== undefined && !['HTML', 'MarkdownV2', 'Markdown'].includes(String(p.parse_mode)))
        throw badRequest(`unsupported parse_mode`);
      const reply = (p.reply_parameters ?? null) as {
        message_id?: number;
        allow_sending_without_reply?: boolean;
      } | null;
      const replyTo =
        reply?.message_id ?? (typeof p.reply_to_message_id === 'number' ? p.reply_to_message_id : undefined);
      if (
        replyTo !== undefined &&
        !knownMessages.get(String(chatId))?.has(replyTo) &&
        !reply?.allow_sending_without_reply
      )
        throw badRequest('message to be replied not found');
      const message_id = nextMessageId(chatId);
      sent.push({
        message_id,
        chat_id: chatId,
        text,
        ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}),
        ...(p.disable_notification !== undefined ? { disable_notification: p.disable_notification === true } : {}),
        ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
      });
      const chat =
        typeof chatId === 'number' && chatId > 0
          ? { id: chatId, type: 'private', first_name: 'Test' }
          : { id: chatId, type: 'supergroup', title: 'Test group' };
      return {
        result: {
          message_id,
          from: botInfo,
          chat,
          date: Math.floor(Date.now() / 1000),
          text,
          ...(replyTo !== undefined && knownMessages.get(String(chatId))?.has(replyTo)
            ? { reply_to_message: { message_id: replyTo, chat, date: Math.floor(Date.now() / 1000) } }
            : {}),
        },
      };
    },

    setwebhook: (p) => {
      const url = p.url === undefined ? '' : String(p.url);
      if (url !== '') {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
        }
        if (parsed.protocol !== 'https:' && requireHttps)
          throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
        const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
        if (requireHttps && !WEBHOOK_PORTS.has(port))
          throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
      }
      let secretToken: string | null = null;
      if (p.secret_token !== undefined && p.secret_token !== '') {
        const secret = String(p.secret_token);
        if (secret.length > 256) throw badRequest('secret token is too long');
        if (!SECRET_TOKEN.test(secret)) throw badRequest('secret token contains unallowed characters');
        secretToken = secret;
      }
      let allowedUpdates: string[] | null = webhook.allowedUpdates;
      if (p.allowed_updates !== undefined) {
        if (!Array.isArray(p.allowed_updates)) throw badRequest("can't parse allowed updates");
        allowedUpdates = (p.allowed_updates as unknown[]).map(String).filter((u) => UPDATE_TYPES.has(u));
      }
      let maxConnections = 40;
      if (p.max_connections !== undefined) {
        maxConnections = Number(p.max_connections);
        if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100)
          throw badRequest('bad max_connections');
      }
      const wasSet = webhook.url !== '';
      if (p.drop_pending_updates === true) webhook.pendingUpdateCount = 0;
      Object.assign(webhook, { url, secretToken: url ? secretToken : null, allowedUpdates, maxConnections });
      if (!url) return { result: true, description: wasSet ? 'Webhook was deleted' : 'Webhook is already deleted' };
      return { result: true, description: wasSet ? 'Webhook was updated' : 'Webhook was set' };
    },

    getwebhookinfo: () => ({
      result: {
        url: webhook.url,
        has_custom_certificate: false,
        pending_update_count: webhook.pendingUpdateCount,
        ...(webhook.url ? { max_connections: webhook.maxConnections, ip_address: '127.0.0.1' } : {}),
        ...(webhook.url && webhook.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}),
        ...(webhook.lastErrorDate
          ? { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage }
          : {}),
      },
    }),

    deletewebhook: (p) => {
      const wasSet = webhook.url !== '';
      if (p.drop_pending_updates === true) webhook.pendingUpdateCount = 0;
      Object.assign(webhook, { url: '', secretToken: null });
      return { result: true, description: wasSet ? 'Webhook was deleted' : 'Webhook is already deleted' };
    },
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, presented, rawMethod] = match as unknown as [string, string, string];
      const method = rawMethod.toLowerCase();
      const contentType = req.headers['content-type'] ?? null;
      const call: RecordedCall = { method: rawMethod, token: presented, params: {}, contentType, at: Date.now() };
      calls.push(call);
      try {
        call.params = paramsOf(url, contentType, body);
      } catch (error) {
        if (error instanceof ApiError) return send(res, 400, { ok: false, ...error.answer });
        throw error;
      }
      if (presented !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const handler = methods[method];
      if (!handler) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });

      const fault = takeFault(rawMethod) ?? takeFault(method);
      if (fault) call.fault = fault.type;
      if (fault?.type === 'drop') return req.socket.destroy();
      if (fault?.type === '429')
        return send(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.retryAfter}`,
          parameters: { retry_after: fault.retryAfter },
        });
      if (fault?.type === '500')
        return send(res, 500, {
          ok: false,
          error_code: 500,
          description: fault.description ?? 'Internal Server Error',
        });
      if (fault?.type === 'html502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
      if (fault?.type === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed) return;
      try {
        const { result, description } = handler(call.params);
        send(res, 200, { ok: true, result, ...(description ? { description } : {}) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        send(res, error.answer.error_code, { ok: false, ...error.answer });
      }
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    sent,
    webhook,
    fault(method, fault, times = 1) {
      faults.push({ method, fault, times });
    },
    clearFaults() {
      faults.length = 0;
    },
    blockChat(chatId) {
      blocked.add(String(chatId));
    },
    forgetChat(chatId) {
      unknown.add(String(chatId));
    },
    textUpdate(chatId, text, from = {}) {
      const message_id = nextMessageId(chatId);
      const user = { id: chatId, is_bot: false, first_name: from.first_name ?? 'Test', ...from };
      return {
        update_id: ++updateId,
        message: {
          message_id,
          from: user,
          chat: {
            id: chatId,
            type: 'private',
            first_name: user.first_name,
            ...(from.username ? { username: from.username } : {}),
          },
          date: Math.floor(Date.now() / 1000),
          text,
          ...(text.startsWith('/')
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] }
            : {}),
        },
      };
    },
    async deliver(update, deliverOptions = {}) {
      const target = deliverOptions.url ?? webhook.url;
      if (!target) throw new Error('no webhook is set');
      const secret = deliverOptions.secretToken === undefined ? webhook.secretToken : deliverOptions.secretToken;
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        body: JSON.stringify(update),
      });
      const text = await response.text();
      if (response.status !== 200) {
        webhook.lastErrorDate = Math.floor(Date.now() / 1000);
        webhook.lastErrorMessage = `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
