/**
 * "1,234,567": a whole number with thousands separators. Written out rather than through
 * `toLocaleString`, whose first call loads ICU's locale data and costs ~10 ms of every command's
 * start-up.
 */
export function formatCount(value: number): string {
  const [whole, fraction] = String(value).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
