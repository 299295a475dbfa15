// STUB: replaced by the normalisation work (issue 3).
export function htmlToText(html: string): string {
  return html.replace(/<[^>]+>/g, '\n').trim();
}
