import SqliteDatabase from 'better-sqlite3';

/**
 * Every row of every table of the database at `path` (but the tables in `ignore`), read through
 * a separate read-only connection: two calls give equal text exactly when the stored data is the
 * same. A failed scrape records its run: `ignore: ['scrape_runs']` compares everything else.
 */
export function storedData(path: string, options: { ignore?: readonly string[] } = {}): string {
  const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const dump = tables
      .filter((table) => !options.ignore?.includes(table))
      .map((table) => {
        const rows = sqlite.prepare(`SELECT * FROM "${table}"`).raw().all();
        return `${table}\n${JSON.stringify(rows)}`;
      });
    return dump.join('\n');
  } finally {
    sqlite.close();
  }
}
