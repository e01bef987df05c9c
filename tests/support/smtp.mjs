// A real SMTP server for the mail suites (npm smtp-server on loopback), AUTH required, each
// delivered message parsed by mailparser. `starttls: false` takes STARTTLS off the EHLO list;
// with it on, smtp-server offers STARTTLS with its own self-signed certificate.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { freePort } from './server.mjs';

export const SMTP_USER = 'twofold-mailer';
export const SMTP_PASSWORD = 'smtp pass, never logged';

/** Starts a server on `port` (a free one if unset). */
export async function startMailServer({ port, starttls = false, secure = false, key, cert } = {}) {
  const listenPort = port ?? await freePort();
  const messages = [];
  const auths = [];
  const sessions = [];
  const secured = [];
  // smtp-server's protocol log (the client's commands among it), kept to read, never printed.
  const log = [];
  const keep = (...args) => { log.push(format(...args)); };
  const logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep, fatal: keep };
  const server = new SMTPServer({
    secure,
    ...(key ? { key, cert } : {}),
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: starttls || secure ? [] : ['STARTTLS'],
    // Loopback without TLS: allow AUTH in clear (only with starttls: false).
    allowInsecureAuth: !starttls && !secure,
    logger,
    closeTimeout: 200,
    onConnect(session, cb) { sessions.push(session); cb(); },
    onSecure(socket, session, cb) { secured.push(session.id); cb(); },
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
    secured,
    log,
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

/** A throwaway certificate authority and a certificate it signed for localhost and 127.0.0.1
 *  (openssl): `caFile` is what the worker's runtime is told to trust (SSL_CERT_FILE). */
export function testCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-tls-'));
  const at = (name) => join(dir, name);
  const run = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Twofold test CA',
    '-keyout', at('ca.key'), '-out', at('ca.pem'));
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', at('server.key'), '-out', at('server.csr'));
  writeFileSync(at('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', at('ext.cnf'), '-out', at('server.pem'));
  return { caFile: at('ca.pem'), key: readFileSync(at('server.key')), cert: readFileSync(at('server.pem')), dir };
}
