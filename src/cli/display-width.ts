import stringWidth from 'string-width';

// Characters that take one column each and that string-width's emoji pattern never matches on
// their own: printable ASCII, Latin-1, the Latin extensions and IPA, and the ellipsis that cut
// cells end with. Nearly every cell of agency data is made of these alone, and counting them
// needs neither the emoji pattern (slow to compile on first use) nor a walk over the characters.
const ONE_COLUMN_EACH = /^[\u0020-\u007e\u00a0-\u02ff\u2026]*$/;

/** The columns `text` takes on a terminal (wide CJK characters and emoji take two), as string-width counts them. */
export function displayWidth(text: string): number {
  return ONE_COLUMN_EACH.test(text) ? text.length : stringWidth(text);
}
