/**
 * Delivering a digest to a watch's targets (docs/watches.md): a webhook POST through the same HTTP
 * client as the scrapes (timeouts, retries, User-Agent), or an e-mail over SMTP. Each delivery
 * reports whether the target accepted it; it never throws for one target's failure, so the caller
 * can keep the watch's window open and go on with the others.
 */
import { errorMessage, JpsError } from '../errors.js';
import { describeTarget, type Target } from '../digest/targets.js';
import type { HttpClient } from '../scraper/http.js';

/** What a webhook receives: `text` is what chat incoming webhooks show, `id` lets a receiver drop a repeat. */
export interface WebhookPayload {
  id: string;
  text: string;
  digest: unknown;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export interface DeliveryDeps {
  http: HttpClient;
  smtpUrl: string | null;
  mailFrom: string | null;
  /** Per-attempt timeout for SMTP (connection, greeting, socket). */
  smtpTimeoutMillis: number;
}

export interface Delivery {
  target: Target;
  ok: boolean;
  /** Why it failed, in words that name the target safely: "webhook https://hooks.slack.com/… answered 500". */
  problem?: string;
}

export async function deliverWebhook(
  http: HttpClient,
  url: string,
  payload: WebhookPayload,
): Promise<Delivery> {
  const target: Target = { kind: 'webhook', target: url };
  try {
    const response = await http.request({ url, method: 'POST', json: payload });
    if (response.statusCode >= 200 && response.statusCode < 300) return { target, ok: true };
    return { target, ok: false, problem: `${describeTarget(target)} answered ${response.statusCode}` };
  } catch (error) {
    return { target, ok: false, problem: `${describeTarget(target)} ${webhookFailure(error)}` };
  }
}

/** "answered 500", "did not answer within 60 s", "could not be reached (ECONNREFUSED)". */
function webhookFailure(error: unknown): string {
  const code = error instanceof JpsError ? error.code : undefined;
  const message = errorMessage(error);
  const status = /HTTP (\d{3})/.exec(message);
  if (status) return `answered ${status[1]}`;
  if (code === 'TIMEOUT') {
    const within = /within ([\d.]+ s)/.exec(message);
    return `did not answer${within ? ` within ${within[1]}` : ' in time'}`;
  }
  const reason = /: ([A-Z_]+)/.exec(message);
  return `could not be reached${reason ? ` (${reason[1]})` : ''}`;
}

export async function deliverEmail(
  deps: DeliveryDeps,
  address: string,
  message: EmailMessage,
): Promise<Delivery> {
  const target: Target = { kind: 'email', target: address };
  if (deps.smtpUrl === null)
    return { target, ok: false, problem: `${describeTarget(target)}: set JPS_SMTP_URL to send e-mail` };
  if (deps.mailFrom === null)
    return { target, ok: false, problem: `${describeTarget(target)}: set JPS_MAIL_FROM to send e-mail` };
  try {
    // nodemailer loads only when a digest is mailed.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      url: deps.smtpUrl,
      connectionTimeout: deps.smtpTimeoutMillis,
      greetingTimeout: deps.smtpTimeoutMillis,
      socketTimeout: deps.smtpTimeoutMillis,
    });
    try {
      await transport.sendMail({ from: deps.mailFrom, to: address, ...message });
    } finally {
      transport.close();
    }
    return { target, ok: true };
  } catch (error) {
    const code =
      (error as { code?: unknown; responseCode?: unknown }).responseCode ??
      (error as { code?: unknown }).code;
    return {
      target,
      ok: false,
      problem: `${describeTarget(target)} was refused by the SMTP server${code === undefined ? '' : ` (${String(code)})`}`,
    };
  }
}
