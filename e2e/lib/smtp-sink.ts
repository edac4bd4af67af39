import { createServer, type Socket } from 'node:net';

/** One message as the sink received it, with its text and HTML parts decoded. */
export type SinkMessage = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
  receivedAt: Date;
};

export type SmtpSink = {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  messages: readonly SinkMessage[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(match: (m: SinkMessage) => boolean, timeoutMs: number): Promise<SinkMessage>;
  close(): Promise<void>;
};

/**
 * A local SMTP server that accepts every message and keeps it in memory: just enough of RFC 5321
 * for nodemailer (greeting, EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT).
 * It advertises no extensions, so nodemailer neither tries STARTTLS nor sends 8-bit data.
 */
export const startSmtpSink = async (): Promise<SmtpSink> => {
  const messages: SinkMessage[] = [];
  const waiters = new Set<(m: SinkMessage) => void>();
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);

    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    let data: string[] = [];

    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          const message = parseMessage(data.join('\r\n'), from, to);
          messages.push(message);
          for (const waiter of waiters) waiter(message);
          data = [];
          reply('250 2.0.0 OK: queued');
          return;
        }
        data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      switch (verb) {
        case 'EHLO':
        case 'HELO':
          return reply('250 kesher-e2e-sink');
        case 'MAIL':
          from = angleAddress(line);
          to = [];
          return reply('250 2.1.0 OK');
        case 'RCPT':
          to.push(angleAddress(line));
          return reply('250 2.1.5 OK');
        case 'DATA':
          inData = true;
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          from = '';
          to = [];
          return reply('250 2.0.0 OK');
        case 'NOOP':
          return reply('250 2.0.0 OK');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        default:
          return reply('502 5.5.2 Command not implemented');
      }
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let at = buffer.indexOf('\r\n'); at >= 0; at = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        onLine(line);
      }
    });
    reply('220 kesher-e2e-sink ESMTP');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP sink has no port');

  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    waitFor(match, timeoutMs) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (m: SinkMessage) => {
          if (!match(m)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching mail within ${timeoutMs / 1000}s (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

const angleAddress = (line: string): string => /<([^>]*)>/.exec(line)?.[1] ?? '';

type Part = { headers: Map<string, string>; body: string };

const splitPart = (raw: string): Part => {
  const at = raw.indexOf('\r\n\r\n');
  const head = at >= 0 ? raw.slice(0, at) : raw;
  const body = at >= 0 ? raw.slice(at + 4) : '';
  const headers = new Map<string, string>();
  // unfold continuation lines, then one header per line
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
};

const param = (header: string, name: string): string | undefined =>
  new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header)?.[1];

const decodeQuotedPrintable = (text: string): Buffer => {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
};

const decodeBody = (part: Part): string => {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body).toString('utf8');
  return part.body;
};

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`), as nodemailer writes a Hebrew subject. */
const decodeHeader = (value: string): string =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );

const collectText = (part: Part, into: { text: string; html: string }) => {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(part.headers.get('content-type') ?? '', 'boundary');
    if (!boundary) return;
    const pieces = part.body.split(`--${boundary}`);
    // [preamble, part, part, …, "--" epilogue]
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      collectText(splitPart(piece.replace(/^\r\n/, '')), into);
    }
  } else if (type.startsWith('text/html')) {
    into.html += decodeBody(part);
  } else if (type.startsWith('text/plain')) {
    into.text += decodeBody(part);
  }
};

const parseMessage = (raw: string, from: string, to: string[]): SinkMessage => {
  const root = splitPart(raw);
  const body = { text: '', html: '' };
  collectText(root, body);
  return {
    from,
    to,
    subject: decodeHeader(root.headers.get('subject') ?? ''),
    ...body,
    raw,
    receivedAt: new Date(),
  };
};
