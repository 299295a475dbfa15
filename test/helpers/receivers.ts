import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: { id: string; text: string; digest: DigestPayload };
}

/** The json digest object a webhook receives, as far as the tests read it. */
export interface DigestPayload {
  watch: string;
  from: string;
  to: string;
  counts: Record<'new' | 'entered' | 'changed' | 'left', number>;
  new: { id: string }[];
  entered: { prospect: { id: string }; changes: { field: string; old: unknown; new: unknown }[] }[];
  changed: { prospect: { id: string }; changes: { field: string; old: unknown; new: unknown }[] }[];
  left: { prospect: { id: string }; reason: string; changes: unknown[] }[];
}

export interface WebhookReceiver {
  url: string;
  /** Every POST that was answered 2xx. */
  accepted: ReceivedPost[];
  /** Every request received, whatever the answer. */
  received: number;
  /** How the next requests are answered: 200, another status, or never (a hung receiver). */
  answer: number | 'hang';
  /** Called with each request before it is answered (a test's chance to act meanwhile). */
  onRequest?: (post: ReceivedPost) => Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records what it is sent and can be told to fail or hang. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', accepted: [], received: 0, answer: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received += 1;
      const post: ReceivedPost = {
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedPost['body'],
      };
      void (async () => {
        await receiver.onRequest?.(post);
        const answer = receiver.answer;
        if (answer === 'hang') return;
        if (answer >= 200 && answer < 300) receiver.accepted.push(post);
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'failed');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-token`;
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return receiver;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  messages: ReceivedMail[];
}

/** An SMTP server on 127.0.0.1 (nodemailer's own smtp-server) that records every message. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, messages };
}
