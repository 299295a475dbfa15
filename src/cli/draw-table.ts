import { displayWidth } from './display-width.js';

/**
 * A boxed plain-text table, one space of padding in each cell, a rule under the header and none
 * between rows: the layout jps printed with cli-table3 (`style: { compact: true }`, no colour),
 * drawn here directly because cli-table3 took about 35 ms to draw 50 rows in a fresh process,
 * longer than `jps list` spends on everything else but Node's own start. A cell may hold several
 * lines; its row is as tall as its tallest cell. Columns are as wide as their widest line.
 */
export function drawTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  alignRight: readonly boolean[],
): string {
  const table = head.length > 0 ? [head, ...rows] : rows;
  const cells = table.map((row) => row.map((content) => content.split('\n')));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((lines, index) => {
      const widest = Math.max(...lines.map(displayWidth));
      widths[index] = Math.max(widths[index] ?? 1, widest + 2);
    });
  }
  const rule = (left: string, join: string, right: string): string =>
    left + widths.map((width) => '─'.repeat(width)).join(join) + right;

  const out: string[] = [];
  cells.forEach((row, rowIndex) => {
    if (rowIndex === 0) out.push(rule('┌', '┬', '┐'));
    else if (rowIndex === 1 && head.length > 0) out.push(rule('├', '┼', '┤'));
    const height = Math.max(...row.map((lines) => lines.length));
    for (let lineIndex = 0; lineIndex < height; lineIndex += 1) {
      const parts = row.map((lines, index) => {
        const inner = widths[index]! - 2;
        const line = lines[lineIndex];
        if (line === undefined) return ' '.repeat(inner + 2);
        const gap = ' '.repeat(Math.max(0, inner - displayWidth(line)));
        return ` ${alignRight[index] ? gap + line : line + gap} `;
      });
      out.push(`│${parts.join('│')}│`);
    }
    if (rowIndex === cells.length - 1) out.push(rule('└', '┴', '┘'));
  });
  return out.join('\n');
}
