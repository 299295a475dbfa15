import { parseDocument } from 'htmlparser2';

import { collapseSpaces } from './text.js';

/**
 * Elements whose start and end end a line, as a browser lays them out. docs/record.md names p, div, li,
 * tr, ul, ol and the headings; the other block-level elements of HTML are read the same way because
 * that is how a browser shows them (Gateway bodies use <blockquote>, <table> and <hr> too).
 */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Never shown by a browser. */
const HIDDEN_ELEMENTS = new Set([
  'head',
  'script',
  'style',
  'template',
  'title',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
]);

const LINE_BREAK = '\n';

/** The few members of htmlparser2's (domhandler's) nodes this reader needs. */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

/**
 * HTML read as a browser shows it (docs/record.md): a newline inside text is a space; <br> and both ends
 * of every block element end a line; each <li> starts with "- "; the cells of a table row are
 * joined by " | "; entities are decoded once, so escaped markup (`&lt;b&gt;`) stays as the text
 * "<b>"; each line trimmed and collapsed; empty lines dropped; lines joined by "\n".
 */
export function htmlToText(html: string): string {
  if (html.trim() === '') return '';
  const root = parseDocument(html) as unknown as HtmlNode;
  return render(root.children ?? [])
    .split(LINE_BREAK)
    .map(collapseSpaces)
    .filter((line) => line !== '')
    .join('\n');
}

/** A node to read, or the end of an element whose own text is finished by `close`. */
type Task = { node: HtmlNode; preformatted: boolean } | { close: (inner: string) => string };

/**
 * Walks the tree with an explicit stack, not recursion, so a description nested thousands of
 * elements deep cannot overflow the call stack. Each element that rewrites its text (li, tr, td,
 * blocks) collects it in its own buffer, handed to its `close` when its children are done.
 */
function render(nodes: readonly HtmlNode[]): string {
  const buffers: string[] = [''];
  /** The cells of each open table row, innermost last (a table can sit in a cell). */
  const rows: string[][] = [];
  const tasks: Task[] = nodes.map((node) => ({ node, preformatted: false })).reverse();

  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    if ('close' in task) {
      const inner = buffers.pop() ?? '';
      buffers[buffers.length - 1] += task.close(inner);
      continue;
    }
    const { node, preformatted } = task;
    if (node.type === 'text') {
      const data = node.data ?? '';
      // Outside <pre> a browser shows any run of whitespace, newlines included, as one space.
      buffers[buffers.length - 1] += preformatted
        ? data.replace(/\r\n?/g, '\n')
        : data.replace(/[\t\n\f\r ]+/g, ' ');
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const name = (node.name ?? '').toLowerCase();
    if (HIDDEN_ELEMENTS.has(name)) continue;
    if (name === 'br') {
      buffers[buffers.length - 1] += LINE_BREAK;
      continue;
    }

    const close = closerOf(name, rows);
    if (close !== null) {
      tasks.push({ close });
      buffers.push('');
    }
    const children = node.children ?? [];
    const inner = preformatted || name === 'pre';
    for (let i = children.length - 1; i >= 0; i--) tasks.push({ node: children[i]!, preformatted: inner });
  }
  return buffers.join('');
}

/**
 * How an element finishes its text, or null for an inline element. A table row collects its cells'
 * texts and joins them by " | "; a row of empty cells shows nothing.
 */
function closerOf(name: string, rows: string[][]): ((inner: string) => string) | null {
  if (name === 'tr') {
    const cells: string[] = [];
    rows.push(cells);
    return (other) => {
      rows.pop();
      const row = cells.every((cell) => cell === '') ? other : cells.join(' | ') + other;
      return LINE_BREAK + row + LINE_BREAK;
    };
  }
  const cells = rows[rows.length - 1];
  if ((name === 'td' || name === 'th') && cells !== undefined) {
    return (inner) => {
      cells.push(trimLines(inner));
      return '';
    };
  }
  if (name === 'li') {
    // The bullet goes on the item's first line, even when the item starts with a <p>.
    return (inner) => {
      const content = inner.replace(/^[\s\u00a0]+/, '');
      return content === '' ? LINE_BREAK : `${LINE_BREAK}- ${content}${LINE_BREAK}`;
    };
  }
  if (BLOCK_ELEMENTS.has(name)) return (inner) => LINE_BREAK + inner + LINE_BREAK;
  return null;
}

/** A cell's own text without leading or trailing line breaks, so " | " joins the visible text. */
function trimLines(text: string): string {
  return text.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
}
