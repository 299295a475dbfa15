/** A watch's delivery targets as they may be shown: webhook URLs often carry their secret. */

export type TargetKind = 'webhook' | 'email';

export interface Target {
  kind: TargetKind;
  target: string;
}

/** `https://hooks.slack.com/…`: a webhook URL without the path and query that often carry its secret. */
export function maskWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname !== '/' || parsed.search !== '' || parsed.username !== '';
    return `${parsed.protocol}//${parsed.host}${hidden ? '/…' : '/'}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/** The target with a webhook's URL masked; an e-mail address is shown whole. */
export function maskedTarget(target: Target): Target {
  return target.kind === 'webhook' ? { kind: 'webhook', target: maskWebhookUrl(target.target) } : target;
}

/** The target as it may be shown on a terminal: "webhook https://hooks.slack.com/…", "e-mail bd@example.org". */
export function describeTarget(target: Target): string {
  return target.kind === 'webhook' ? `webhook ${maskWebhookUrl(target.target)}` : `e-mail ${target.target}`;
}
