// A real SMTP server in the test process (smtp-server), capturing every message it accepts
// (raw and parsed with mailparser), with fault switches a test flips at any time:
//   - rejectRecipients: RCPT TO answered 550 (permanent), deferRecipients: 450 (temporary);
//   - dataError: the DATA stage answered with the given code (e.g. 451 or 554);
//   - auth: AUTH required, and only this user/password accepted (535 otherwise);
//   - tls: STARTTLS offered (without it STARTTLS is refused) with a self-signed certificate made at start (see selfSignedCert)
//     and required before MAIL FROM, so a message that arrives proves the upgrade happened.
import { generateKeyPairSync, randomBytes, sign, timingSafeEqual, X509Certificate } from 'node:crypto';
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CapturedMail = {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** The session was TLS-protected when the message arrived. */
  secure: boolean;
  user: string | undefined;
};

export type SmtpSwitches = {
  rejectRecipients: Set<string>;
  deferRecipients: Set<string>;
  dataError: { code: number; message: string } | undefined;
};

export type TestSmtpServer = {
  host: string;
  port: number;
  messages: CapturedMail[];
  switches: SmtpSwitches;
  /** PEM certificate of the STARTTLS server (trust it as `ca`). */
  cert: string | undefined;
  /** Resolves once `count` messages were captured in total. */
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
};

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startSmtpServer(
  options: { auth?: { user: string; pass: string }; tls?: boolean } = {},
): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  const switches: SmtpSwitches = { rejectRecipients: new Set(), deferRecipients: new Set(), dataError: undefined };
  const waiters = new Set<() => void>();
  const pair = options.tls ? selfSignedCert('localhost') : undefined;

  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: !options.auth,
    allowInsecureAuth: !options.tls,
    hideSTARTTLS: !options.tls,
    // A plain server refuses STARTTLS outright (502), like a server without TLS.
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    ...(pair ? { key: pair.key, cert: pair.cert } : {}),
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && sameText(auth.username ?? '', expected.user) && sameText(auth.password ?? '', expected.pass))
        callback(null, { user: auth.username });
      else callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (options.tls && !session.secure) callback(smtpError(530, 'Must issue a STARTTLS command first'));
      else callback();
    },
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (switches.rejectRecipients.has(to)) callback(smtpError(550, `5.1.1 <${to}>: Recipient address rejected`));
      else if (switches.deferRecipients.has(to)) callback(smtpError(450, `4.2.0 <${to}>: Greylisted, try again`));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (switches.dataError) {
          callback(smtpError(switches.dataError.code, switches.dataError.message));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom;
            messages.push({
              envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              parsed,
              secure: session.secure,
              user: session.user as string | undefined,
            });
            for (const wake of waiters) wake();
            callback(null, `Message queued as test-${messages.length}`);
          },
          (error: Error) => callback(smtpError(554, `unparseable message: ${error.message}`)),
        );
      });
    },
  });
  server.on('error', () => undefined); // connection-level errors (a client hanging up) are expected
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    messages,
    switches,
    cert: pair?.cert,
    waitForMessages(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP port with nothing listening on it (a mail server that is down). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// A self-signed certificate from node:crypto alone (node can sign but has no API that builds an
// X.509 certificate, so the few DER structures are written here): P-256 key, CN and SAN
// `host` + 127.0.0.1, valid one day, basicConstraints CA:TRUE so it can be its own trust anchor.
// ---------------------------------------------------------------------------------------------

function der(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const n of rest) {
    const group = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) group.unshift((v & 0x7f) | 0x80);
    bytes.push(...group);
  }
  return der(0x06, Buffer.from(bytes));
}

const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));

export function selfSignedCert(host: string): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(8);
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  const name = der(0x30, der(0x31, der(0x30, oid('2.5.4.3'), der(0x0c, Buffer.from(host)))));
  const ecdsaWithSha256 = der(0x30, oid('1.2.840.10045.4.3.2'));
  const now = Date.now();
  const altNames = der(0x30, der(0x82, Buffer.from(host)), der(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = der(
    0xa3,
    der(
      0x30,
      der(0x30, oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, der(0x30, der(0x01, Buffer.from([0xff]))))),
      der(0x30, oid('2.5.29.17'), der(0x04, altNames)),
    ),
  );
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([2]))), // version 3
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    der(0x30, utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = der(0x30, tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${certificate
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
  // Fails loudly here if the structure above is wrong, rather than as a TLS error later.
  if (!new X509Certificate(cert).verify(publicKey)) throw new Error('the self-signed certificate does not verify');
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert };
}
