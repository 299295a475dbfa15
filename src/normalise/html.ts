import { load } from 'cheerio';

import { collapseSpaces } from './text.js';

/**
 * Elements whose start and end end a line, as a browser lays them out. record.md names p, div, li,
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

/** The few members of cheerio's (domhandler's) nodes this reader needs. */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

/**
 * HTML read as a browser shows it (record.md): a newline inside text is a space; <br> and both ends
 * of every block element end a line; each <li> starts with "- "; the cells of a table row are
 * joined by " | "; entities are decoded once, so escaped markup (`&lt;b&gt;`) stays as the text
 * "<b>"; each line trimmed and collapsed; empty lines dropped; lines joined by "\n".
 */
export function htmlToText(html: string): string {
  if (html.trim() === '') return '';
  const root = load(html, null, false).root()[0] as unknown as HtmlNode | undefined;
  const raw = renderChildren(root?.children ?? [], false);
  return raw
    .split(LINE_BREAK)
    .map(collapseSpaces)
    .filter((line) => line !== '')
    .join('\n');
}

function renderChildren(nodes: readonly HtmlNode[], preformatted: boolean): string {
  let out = '';
  for (const node of nodes) out += renderNode(node, preformatted);
  return out;
}

function renderNode(node: HtmlNode, preformatted: boolean): string {
  if (node.type === 'text') {
    const data = node.data ?? '';
    // Outside <pre> a browser shows any run of whitespace, newlines included, as one space.
    return preformatted ? data.replace(/\r\n?/g, '\n') : data.replace(/[\t\n\f\r ]+/g, ' ');
  }
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return '';
  const element = node;
  const name = (element.name ?? '').toLowerCase();
  if (HIDDEN_ELEMENTS.has(name)) return '';
  if (name === 'br') return LINE_BREAK;
  if (name === 'tr') return LINE_BREAK + renderRow(element, preformatted) + LINE_BREAK;
  const inner = renderChildren(element.children ?? [], preformatted || name === 'pre');
  if (name === 'li') {
    // The bullet goes on the item's first line, even when the item starts with a <p>.
    const content = inner.replace(/^[\s\u00a0]+/, '');
    return content === '' ? LINE_BREAK : `${LINE_BREAK}- ${content}${LINE_BREAK}`;
  }
  if (BLOCK_ELEMENTS.has(name)) return LINE_BREAK + inner + LINE_BREAK;
  return inner;
}

/** A table row: its cells' texts joined by " | "; a row of empty cells shows nothing. */
function renderRow(row: HtmlNode, preformatted: boolean): string {
  const cells: string[] = [];
  let other = '';
  for (const child of row.children ?? []) {
    if (child.type === 'tag' && (child.name === 'td' || child.name === 'th')) {
      cells.push(trimLines(renderChildren(child.children ?? [], preformatted)));
    } else {
      other += renderNode(child, preformatted);
    }
  }
  if (cells.every((cell) => cell === '')) return other;
  return cells.join(' | ') + other;
}

/** A cell's own text without leading or trailing line breaks, so " | " joins the visible text. */
function trimLines(text: string): string {
  return text.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
}
