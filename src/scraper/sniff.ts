import * as cheerio from 'cheerio';
import { decodeFileText } from './decode-text.js';

/** What a payload is, judged by its bytes, never by its name or Content-Type. */
export type PayloadKind = 'workbook' | 'legacy-xls' | 'json' | 'html-table' | 'html-page' | 'csv';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Compound File Binary: the pre-2007 .xls format.
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffPayload(bytes: Uint8Array): PayloadKind {
  if (startsWith(bytes, ZIP_MAGIC)) return 'workbook';
  if (startsWith(bytes, CFB_MAGIC)) return 'legacy-xls';
  const head = decodeText(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      JSON.parse(decodeText(bytes));
      return 'json';
    } catch {
      // A CSV whose first cell starts with a bracket: read it as CSV.
    }
  }
  if (
    /^<(!doctype html|html|head|body|table|meta|title|div|!--|\?xml)/i.test(head) ||
    /<html[\s>]/i.test(head)
  ) {
    return /<table[\s>]/i.test(decodeText(bytes)) ? 'html-table' : 'html-page';
  }
  return 'csv';
}

/**
 * A sign-in page: an HTML answer (any status) with a password input, or whose title or a form's
 * action mentions sign in, log in or login.gov.
 */
export function isSignInPage(html: string): boolean {
  const $ = cheerio.load(html);
  if ($('input[type="password" i]').length > 0) return true;
  const mentionsSignIn = (text: string) => /sign[\s-]?in|log[\s-]?in|login\.gov/i.test(text);
  if (mentionsSignIn($('title').first().text())) return true;
  return $('form')
    .toArray()
    .some((form) => mentionsSignIn($(form).attr('action') ?? ''));
}

/** The page's `<title>`, whitespace collapsed, or null. */
export function htmlTitle(html: string): string | null {
  const title = cheerio.load(html)('title').first().text().replace(/\s+/g, ' ').trim();
  return title === '' ? null : title;
}

/** Every `<a href>` on the page, resolved against the page's URL. */
export function pageLinks(html: string, pageUrl: string): { href: string; text: string }[] {
  const $ = cheerio.load(html);
  const links: { href: string; text: string }[] = [];
  $('a[href]').each((_, element) => {
    const raw = $(element).attr('href')?.trim();
    if (!raw || raw.startsWith('#') || /^(javascript|mailto):/i.test(raw)) return;
    let href: string;
    try {
      href = new URL(raw, pageUrl).toString();
    } catch {
      return;
    }
    const text = ($(element).text() || $(element).attr('title') || $(element).attr('aria-label') || '')
      .replace(/\s+/g, ' ')
      .trim();
    links.push({ href, text });
  });
  return links;
}

/** The bytes as text, the encoding decided once for the whole payload (decode-text.ts). */
export function decodeText(bytes: Uint8Array): string {
  return decodeFileText(bytes).text;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}
