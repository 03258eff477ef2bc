// Chronos' side of the versioned workflows' end-to-end flows, shared by the suites that run
// them in a real n8n (tests/e2e/workflow-flows, tests/system/topology): SMTP and the Telegram
// bot pointed at the test servers, the template event-mail looks up by name, the N8N actions
// command-dispatch handles, and a rule that follows PING up with FOLLOW_UP.
import assert from 'node:assert/strict';
import type { FakeTelegram } from './fake-telegram.ts';
import type { Reply } from './http.ts';
import type { TestSmtpServer } from './smtp.ts';

export const TELEGRAM_CHAT = 4242;
const PUBLIC_TELEGRAM_URL = 'https://chronos.example.test/telegram/webhook';

type Call = (method: string, route: string, body?: unknown) => Promise<Reply>;

export async function prepareWorkflowFlows(
  call: Call,
  services: { smtp: TestSmtpServer; telegram: FakeTelegram },
): Promise<void> {
  const ok = async (method: string, route: string, body?: unknown) => {
    const response = await call(method, route, body);
    assert.ok(response.status < 300, `${method} ${route}: ${response.status} ${response.text}`);
    return response.body;
  };
  const { smtp, telegram } = services;
  await ok('PUT', '/api/v1/settings/smtp', {
    value: { host: smtp.host, port: smtp.port, secure: 'none', from: 'chronos@example.test' },
  });
  const current = (await call('GET', '/api/v1/settings/telegram')).body.value;
  await ok('PUT', '/api/v1/settings/telegram', {
    value: {
      ...current,
      api_root: telegram.apiRoot,
      allowed_chat_ids: [TELEGRAM_CHAT],
      webhook_url: PUBLIC_TELEGRAM_URL,
    },
    secrets: { bot_token: telegram.token },
  });
  await ok('POST', '/api/v1/telegram/webhook', {});
  await ok('POST', '/api/v1/templates', {
    name: 'event-notification',
    type: 'email',
    subject: 'Event {{change}}: {{event.title}}',
    body_html: '<p>{{event.title}} starts {{event.start_at}}</p>',
    body_text: '{{event.title}} starts {{event.start_at}}',
  });
  for (const action of ['PING', 'ECHO', 'FOLLOW_UP'])
    await ok('POST', '/api/v1/whitelists', { system: 'N8N', action, params: {}, enabled: true });
  await ok('POST', '/api/v1/rules', {
    name: 'ping follow-up',
    trigger_system: 'N8N',
    trigger_action: 'PING',
    follow_system: 'N8N',
    follow_action: 'FOLLOW_UP',
    params_template: {},
  });
}
