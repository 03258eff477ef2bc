// What the workload needs before it starts, created through the API with the admin key as an
// operator would: a console user (viewer) who signs in for the console reads, calendars for
// the events, a whitelist entry for the commands, an ingest token for the run's domain, and
// the sink's subscription. Names carry the run id, so runs against one database stay apart.
import { randomBytes } from 'node:crypto';
import type { Balancer, Request, Response } from './balancer.ts';
import type { Sink } from './sink.ts';

export type Fixtures = {
  runId: string;
  adminKey: string;
  /** A console session token; signs in again shortly before the session ends (24 h). */
  consoleToken(): Promise<string>;
  calendars: string[];
  command: { system: string; action: string };
  ingest: { domain: string; token: string };
  subscriptionId: string;
};

export const SINK_EVENT_TYPES = ['event.created', 'event.updated', 'ingest.received'];

const CALENDARS = 8;

/** Sends one set-up request (round-robin, with failover) and insists on a 2xx JSON answer. */
async function must(balancer: Balancer, request: Request): Promise<ReturnType<typeof JSON.parse>> {
  const sent = await balancer.send(request);
  const response: Response | undefined = sent.response;
  if (!response || response.status < 200 || response.status > 299)
    throw new Error(
      `set-up ${request.method} ${request.path} failed: ${response ? `${response.status} ${response.body.slice(0, 500)}` : sent.error}`,
    );
  return JSON.parse(response.body);
}

export async function prepareFixtures(balancer: Balancer, adminKey: string, sink: Sink): Promise<Fixtures> {
  const runId = randomBytes(4).toString('hex');
  const admin = { authorization: `Bearer ${adminKey}` };
  const post = (path: string, body: unknown, headers: Record<string, string> = admin) =>
    must(balancer, { method: 'POST', path, headers, body: JSON.stringify(body) });

  const email = `load-${runId}@chronos.test`;
  const password = `Load-${randomBytes(9).toString('base64url')}-7!`;
  await post('/api/v1/users', { email, password, role: 'viewer', must_change_password: false });
  let session: { token: string; expiresAt: number } | undefined;
  let signingIn: Promise<string> | undefined;
  const signIn = async () => {
    const answer = await post('/api/auth/login', { email, password }, {});
    session = { token: answer.token as string, expiresAt: Date.parse(answer.expires_at as string) };
    return session.token;
  };
  const consoleToken = async () => {
    if (session && session.expiresAt - Date.now() > 10 * 60_000) return session.token;
    signingIn ??= signIn().finally(() => (signingIn = undefined));
    try {
      return await signingIn;
    } catch (error) {
      // Signing in again failed (a fault): the current session still serves while it lasts.
      if (session && session.expiresAt - Date.now() > 5_000) return session.token;
      throw error;
    }
  };
  await consoleToken();

  // Events without attendees take their calendar's busy lock: spread them over a few.
  const calendars: string[] = [];
  for (let i = 0; i < CALENDARS; i++) {
    const id = `load-${runId}-${i}`;
    await post('/api/v1/calendars', { id, name: `Load ${runId} ${i}`, default_mode: 'free' });
    calendars.push(id);
  }

  const command = { system: `LOAD_${runId.toUpperCase()}`, action: 'PING' };
  await post('/api/v1/whitelists', { ...command, params: { n: { type: 'int', required: true } } });

  const domain = `load-${runId}`;
  const token = (await post('/api/v1/ingest-tokens', { domain, description: 'whole-system load run' })).token as string;

  const subscription = await post('/api/v1/subscriptions', {
    url: `${sink.url}/${runId}`,
    event_types: SINK_EVENT_TYPES,
    description: `whole-system load run ${runId}`,
    secret: sink.secret,
  });

  return {
    runId,
    adminKey,
    consoleToken,
    calendars,
    command,
    ingest: { domain, token },
    subscriptionId: subscription.id as string,
  };
}
