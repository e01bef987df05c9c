// A real SMTP server for the mail suites (npm smtp-server on loopback), AUTH required, each
// delivered message parsed by mailparser. `starttls: false` takes STARTTLS off the EHLO list;
// with it on, smtp-server offers STARTTLS with its own self-signed certificate.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './server.mjs';

export const SMTP_USER = 'twofold-mailer';
export const SMTP_PASSWORD = 'smtp pass, never logged';

/** Starts a server on `port` (a free one if unset). */
export async function startMailServer({ port, starttls = false } = {}) {
  const listenPort = port ?? await freePort();
  const messages = [];
  const auths = [];
  const sessions = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: starttls ? [] : ['STARTTLS'],
    // Loopback without TLS: allow AUTH in clear (only with starttls: false).
    allowInsecureAuth: !starttls,
    logger: false,
    closeTimeout: 200,
    onConnect(session, cb) { sessions.push(session); cb(); },
    onAuth(auth, session, cb) {
      auths.push({ method: auth.method, username: auth.username, secure: session.secure });
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((parsed) => {
        messages.push({ parsed, envelope: session.envelope, user: session.user, secure: session.secure });
        cb();
      }, cb);
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  return {
    port: listenPort,
    messages,
    auths,
    sessions,
    /** The messages delivered to `address`. */
    to(address) {
      return messages.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
    },
    /** Waits (briefly: the worker sends before it answers) for a message to `address`. */
    async waitFor(address, { count = 1, timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = this.to(address);
        if (got.length >= count) return got[count - 1];
        if (Date.now() > deadline) throw new Error(`no message #${count} to ${address} (have ${got.length})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close() {
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The worker variables (2FAuth's MAIL_* names) pointing at `port`. */
export function mailVars(port, extra = {}) {
  return {
    MAIL_MAILER: 'smtp',
    MAIL_HOST: '127.0.0.1',
    MAIL_PORT: String(port),
    MAIL_USERNAME: SMTP_USER,
    MAIL_PASSWORD: SMTP_PASSWORD,
    MAIL_ENCRYPTION: 'null',
    MAIL_FROM_ADDRESS: 'vault@twofold.test',
    MAIL_FROM_NAME: 'Twofold — coffre',
    ...extra,
  };
}

/** The first http(s) link of a message's text. */
export function linkIn(message) {
  const match = message.parsed.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in: ${message.parsed.text}`);
  return new URL(match[0]);
}
