import { describe, expect, it } from 'vitest';
import type { Layout } from '../../src/sources/define-source.js';
import { headerKey, jsonRowSet, mapRows, tableRowSet } from '../../src/scraper/map-rows.js';
import type { CellTable } from '../../src/scraper/read-table.js';
import { SourceError } from '../../src/errors.js';

const table = (rows: CellTable['rows'], name = 'Sheet1'): CellTable => ({ name, rows, malformedRows: 0 });

const layout: Layout = {
  requiredHeaders: ['Action Tracking Number', ['Contract Name', 'Title']],
  key: ['Action Tracking Number'],
  columns: {
    native_id: 'Action Tracking Number',
    title: ['Contract Name', 'Title'],
    value: 'Estimated Value',
  },
};

describe('finding the header row by content', () => {
  it('finds a header under twelve rows of notes, and counts only non-blank rows below it', () => {
    const notes = Array.from({ length: 12 }, (_, i) => [`Note ${i + 1}: read the instructions`]);
    const set = tableRowSet(
      [
        table(
          [
            ...notes,
            ['Action Tracking Number', 'Contract Name', 'Estimated Value'],
            ['FY25-FPI-1542-63', 'RIDDICK FIEDLER STERN, P.C', '$400,001  -  $425,000'],
            [null, '', '   '],
            ['FY25-ATF-1560-4', 'Burn Cell Complex (Tear Out and Build In)', null],
          ],
          'Contracting Opportunities Data',
        ),
      ],
      layout,
    );
    expect(set.description).toBe('Contracting Opportunities Data, header on row 13');
    expect([...set.rows()].map((row) => row.rowNumber)).toEqual([14, 16]);
  });

  const gatewayLike: Layout = { ...layout, headerName: (header) => header.replace(/^\s*content:\s*/i, '') };

  it('matches headers ignoring case, repeated spaces and what the layout drops (the Gateway\'s "Content: "), and takes aliases', () => {
    const set = tableRowSet(
      [
        table([
          ['action  tracking NUMBER', 'Content: Title'],
          ['A-1', 'Roof repair'],
        ]),
      ],
      gatewayLike,
    );
    const [row] = mapRows(set, gatewayLike);
    expect(row!.raw).toMatchObject({ native_id: 'A-1', title: 'Roof repair' });
    expect(headerKey('  Content:  Point of Contact (Name)   For ', gatewayLike)).toBe(
      'point of contact (name) for',
    );
    expect(headerKey('Content: Title')).toBe('content: title');
  });

  it('prefers the named sheet and skips sheets without the header', () => {
    const set = tableRowSet(
      [
        table([['Instructions'], ['Use the other sheet']], 'Instructions'),
        table(
          [
            ['Action Tracking Number', 'Title'],
            ['B-1', 'Wrong sheet'],
          ],
          'Archive',
        ),
        table(
          [
            ['Action Tracking Number', 'Title'],
            ['C-1', 'Right sheet'],
          ],
          'Data',
        ),
      ],
      { ...layout, sheet: 'Data' },
    );
    expect([...set.rows()][0]!.cells.get('Title')).toBe('Right sheet');
  });

  it('names the missing and the found headers of the closest row when the layout changed', () => {
    const attempt = () =>
      tableRowSet(
        [
          table([
            ['Title', 'Budget'],
            ['x', 'y'],
          ]),
        ],
        layout,
      );
    expect(attempt).toThrow(SourceError);
    expect(attempt).toThrow(
      'required column "Action Tracking Number" not found (found "Title", "Budget"): the file\'s layout changed',
    );
  });
});

describe('mapping rows', () => {
  it('keeps every unread non-empty column in extra under its header, and names blank and repeated headers', () => {
    const set = tableRowSet(
      [
        table([
          ['Action Tracking Number', 'Title', 'Estimated Value', 'Notes', '', 'Notes'],
          ['A-1', 'Roof', '$5M', 'TBD', 'stray', 'second note'],
          ['A-2', 'Walls', null, null, null, new Date(Date.UTC(2025, 6, 1))],
        ]),
      ],
      layout,
    );
    const [first, second] = mapRows(set, layout);
    expect(first!.extra).toEqual({ Notes: 'TBD', 'Column 5': 'stray', 'Notes (2)': 'second note' });
    expect(second!.extra).toEqual({ 'Notes (2)': '2025-07-01' });
    expect(first!.nativeKey).toBe('A-1');
  });

  it('never puts an alias of a mapped concept in extra, even on rows where it is unused', () => {
    const withBoth = tableRowSet(
      [
        table([
          ['Action Tracking Number', 'Contract Name', 'Title'],
          ['A-1', 'Main', 'Other'],
        ]),
      ],
      layout,
    );
    expect(mapRows(withBoth, layout)[0]!.extra).toEqual({});
  });

  it('flattens JSON members to dotted paths and leaves out ignored ones', () => {
    const jsonLayout: Layout = {
      requiredHeaders: ['apfs_number'],
      key: ['apfs_number'],
      columns: { value: 'dollar_range.display_name', title: 'requirements_title' },
      ignore: (header) => header.includes('view'),
    };
    const set = jsonRowSet(
      [
        {
          apfs_number: 'F2026074190',
          requirements_title: 'Radios',
          dollar_range: { display_name: '$5M to $10M', id: 7 },
          page_views: 9,
          tags: ['a', 'b'],
        },
      ],
      jsonLayout,
    );
    const [row] = mapRows(set, jsonLayout);
    expect(row!.raw).toEqual({ value: '$5M to $10M', title: 'Radios' });
    expect(row!.extra).toEqual({ 'dollar_range.id': '7', tags: 'a, b' });
  });

  it('fails when the JSON records lack a required member', () => {
    expect(() =>
      jsonRowSet([{ id: 1, title: 'x' }], { requiredHeaders: ['apfs_number'], columns: {} }),
    ).toThrow('required column "apfs_number" not found (found "id", "title")');
  });
});
