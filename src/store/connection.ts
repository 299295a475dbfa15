import { mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { StoreError, errorMessage } from '../errors.js';
import type { Database } from './schema.js';

export interface Store {
  db: Kysely<Database>;
  /** The underlying connection, for the few things Kysely cannot say (pragmas, backups). */
  sqlite: SqliteDatabase.Database;
  path: string;
  readonly: boolean;
  close(): Promise<void>;
}

/** A store that can only read: what the HTTP API is given, so a write is impossible, not avoided. */
export type ReadonlyStore = Store & { readonly: true };

export interface OpenStoreOptions {
  readonly?: boolean;
  /** How long a statement waits for another process's write lock before failing busy. */
  busyTimeoutMillis?: number;
}

const DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;

const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Opens (creating and migrating when needed) the jps database at `path`.
 * Read-only stores are migrated first through a short-lived writable connection, so that
 * `jps serve` on a fresh path still finds the tables.
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const busyTimeoutMillis = options.busyTimeoutMillis ?? DEFAULT_BUSY_TIMEOUT_MILLIS;
  if (options.readonly) {
    if (path === ':memory:') throw new StoreError('DB_READ_ONLY', 'a read-only store needs a database file');
    const writable = await openStore(path, { busyTimeoutMillis });
    await writable.close();
    return openConnection(path, true, busyTimeoutMillis);
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const store = openConnection(path, false, busyTimeoutMillis);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openConnection(path: string, readonly: boolean, busyTimeoutMillis: number): Store {
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(path, readonly ? { readonly: true, fileMustExist: true } : {});
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMillis))}`);
    // Reading the schema is the first thing that fails on a file that is not SQLite at all.
    sqlite.pragma('schema_version');
    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    throw asStoreError(error, path);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    path,
    readonly,
    close: async () => {
      await db.destroy();
    },
  };
}

async function migrate(store: Store): Promise<void> {
  const tables = store.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const names = new Set(tables.map((t) => t.name));
  if (names.size > 0 && !names.has('kysely_migration')) {
    throw new StoreError(
      'NOT_JPS_DB',
      `${store.path} is a SQLite database but not a jps database (it has tables jps did not create); pass another --db`,
    );
  }
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) throw asStoreError(error, store.path);
}

/** Maps SQLite's "busy" and "not a database" into the exit-5 errors of cli.md. */
export function asStoreError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError(
      'DB_BUSY',
      `the database ${path} is busy (another jps is writing); try again shortly`,
      {
        cause: error,
      },
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError(
      'NOT_JPS_DB',
      `${path} is not a jps database (${errorMessage(error)}); pass another --db`,
      {
        cause: error,
      },
    );
  }
  if (code === 'SQLITE_CANTOPEN' && !existsSync(path)) {
    return new StoreError('NOT_JPS_DB', `cannot open the database ${path}: it does not exist`, {
      cause: error,
    });
  }
  return error;
}
