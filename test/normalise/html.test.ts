import { describe, expect, it } from 'vitest';

import { htmlToText } from '../../src/normalise/html.js';

describe('htmlToText', () => {
  it.each([
    // docs/record.md
    ['<p>A</p><p>B</p>', 'A\nB'],
    ['&lt;b&gt;', '<b>'],
    ['one\ntwo', 'one two'],
    ['A<br>B<br/>C', 'A\nB\nC'],
    ['<div>A</div>B<div>C</div>', 'A\nB\nC'],
    ['<ul><li>one</li><li>two</li></ul>', '- one\n- two'],
    ['<ol><li>first</li><li>second</li></ol>', '- first\n- second'],
    ['<table><tr><td>A</td><td>B</td></tr><tr><th>C</th><td>D</td></tr></table>', 'A | B\nC | D'],
    ['<h2>Scope</h2>Text', 'Scope\nText'],
    ['<p></p><p>  </p><p>A</p>', 'A'],
  ])('reads %j as %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  // Gateway `body` and DHS `requirement` spellings.
  it.each([
    ['<p>Fire Door replacement and PACS - CM</p>', 'Fire Door replacement and PACS - CM'],
    [
      '<p>The Department of Homeland Security (DHS), U.S. Customs and\n Border Protection (CBP)</p>',
      'The Department of Homeland Security (DHS), U.S. Customs and Border Protection (CBP)',
    ],
    [
      '<p>FACILITY REQUIREMENTS:</p><ul>\n<li>Main Range &ndash; 50 yards</li>\n<li>Additional Range</li>\n</ul>',
      'FACILITY REQUIREMENTS:\n- Main Range \u2013 50 yards\n- Additional Range',
    ],
    ['<p>NOAA&rsquo;s Management&nbsp;Analysis</p>', 'NOAA\u2019s Management Analysis'],
    ['<p>Fish &amp; Wildlife</p>', 'Fish & Wildlife'],
    ['<p>&amp;lt;escaped&amp;gt;</p>', '&lt;escaped&gt;'],
    ['<p>Use &lt;b&gt;tags&lt;/b&gt; literally</p>', 'Use <b>tags</b> literally'],
    ['<p><strong>Bold</strong> and <em>italic</em> stay inline</p>', 'Bold and italic stay inline'],
    ['<ul><li><p>Item in a paragraph</p></li></ul>', '- Item in a paragraph'],
    ['<ul><li>Outer<ul><li>Inner</li></ul></li></ul>', '- Outer\n- Inner'],
    ['<ul><li></li><li>Only</li></ul>', '- Only'],
    ['<table><tr><td>A</td><td></td><td>C</td></tr><tr><td></td><td></td></tr></table>', 'A | | C'],
    ['<p>Line one<br>\nLine two</p>\n\n<p>\n</p>', 'Line one\nLine two'],
    ['Plain text without tags', 'Plain text without tags'],
    ['<script>alert(1)</script><style>p{}</style><p>Shown</p>', 'Shown'],
    ['<!-- note --><p>After comment</p>', 'After comment'],
    ['<pre>keep\n  lines</pre>', 'keep\nlines'],
    ['<h1>Title</h1><h3>Sub</h3><p>Body</p>', 'Title\nSub\nBody'],
    ['<p>Unclosed <b>bold', 'Unclosed bold'],
    ['', ''],
    ['   ', ''],
  ])('reads %j as %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('htmlToText on hostile markup', () => {
  it.each([
    ['deeply nested divs', '<div>'.repeat(5000) + 'deep'],
    ['deeply nested inline elements', '<b>'.repeat(5000) + 'deep'],
    ['deeply nested lists', '<ul><li>'.repeat(2000) + 'deep'],
    ['deeply nested tables', '<table><tr><td>'.repeat(1000) + 'deep'],
  ])('reads %s without overflowing the stack', (_what, html) => {
    expect(htmlToText(html)).toMatch(/deep$/);
  });

  it('reads a table inside a cell row by row', () => {
    expect(
      htmlToText('<table><tr><td>A</td><td><table><tr><td>B</td><td>C</td></tr></table></td></tr></table>'),
    ).toBe('A | B | C');
  });
});
