import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type SqliteDialectConfig,
} from 'kysely';
import { migrations } from '../../migrations/index.js';
import { EXIT, StoreError, errorMessage } from '../errors.js';
import { openSqlite } from './open-sqlite.js';
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
  /** Open an existing database to read only (see openStoreForReading). */
  readonly?: boolean;
  /** How long a statement waits for another process's write lock before failing busy. */
  busyTimeoutMillis?: number;
}

const DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;

/** The command that creates and migrates a database, named in the errors of commands that only read. */
const MIGRATING_COMMAND = 'jps scrape';

const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Opens the jps database at `path` for `jps scrape` and the other commands that write: creates
 * its folder and the file when missing, and migrates it to this jps's schema.
 */
export async function openStoreForWriting(
  path: string,
  options: { busyTimeoutMillis?: number } = {},
): Promise<Store> {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError(
        'DB_READ_ONLY',
        `cannot create the folder of the database ${path} (${errorMessage(error)}); pass a writable --db`,
        { exitCode: EXIT.usage, cause: error },
      );
    }
  }
  if (path !== ':memory:') refuseReadOnly(path);
  const store = openConnection(path, 'write', options.busyTimeoutMillis ?? DEFAULT_BUSY_TIMEOUT_MILLIS);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw asStoreError(error, path);
  }
  return store;
}

/**
 * Opens an existing jps database for the commands that only read (`list`, `history`, `health`,
 * `serve`, `digest`, `watch list`): never creates, migrates or writes a file, so a mistyped
 * `--db` is an error rather than a new empty database, and a published read-only copy (a
 * read-only file or folder) can still be read.
 */
export async function openStoreForReading(
  path: string,
  options: { busyTimeoutMillis?: number } = {},
): Promise<ReadonlyStore> {
  if (path === ':memory:' || !existsSync(path)) throw noDatabase(path);
  const store = openConnection(path, 'read', options.busyTimeoutMillis ?? DEFAULT_BUSY_TIMEOUT_MILLIS);
  try {
    checkReadableSchema(store);
  } catch (error) {
    await store.close();
    throw asStoreError(error, path);
  }
  return store as ReadonlyStore;
}

/** Opens for writing, or with `readonly` for reading; see openStoreForWriting and openStoreForReading. */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { readonly, ...rest } = options;
  return readonly ? openStoreForReading(path, rest) : openStoreForWriting(path, rest);
}

function openConnection(path: string, mode: 'read' | 'write', busyTimeoutMillis: number): Store {
  enableUriFilenames();
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = mode === 'read' ? openReadOnly(path) : openSqlite(path);
  } catch (error) {
    if (mode === 'write' && sqliteCode(error) === 'SQLITE_CANTOPEN') {
      throw new StoreError(
        'DB_READ_ONLY',
        `cannot create or open the database ${path} (${errorMessage(error)}); pass a writable --db`,
        { exitCode: EXIT.usage, cause: error },
      );
    }
    throw asStoreError(error, path);
  }
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMillis))}`);
    if (mode === 'write') {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw asStoreError(error, path);
  }
  const db = new Kysely<Database>({ dialect: new GuardedSqliteDialect({ database: sqlite }, sqlite) });
  return {
    db,
    sqlite,
    path,
    readonly: mode === 'read',
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * A read-only connection. A WAL database needs its `-shm` file, which SQLite cannot create in a
 * folder jps may not write (a published copy, a read-only mount): there the file is opened
 * `immutable` — nobody can be writing it, since a writer would need that folder too. A folder
 * that still holds a `-wal` file keeps the normal open, so no committed write is ever skipped.
 */
function openReadOnly(path: string): SqliteDatabase.Database {
  const sqlite = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    // Reading the schema is the first thing that fails on a file that is not SQLite at all.
    sqlite.pragma('schema_version');
    return sqlite;
  } catch (error) {
    sqlite.close();
    const code = sqliteCode(error);
    const folderReadOnly =
      code === 'SQLITE_READONLY_DIRECTORY' || (code === 'SQLITE_CANTOPEN' && !isWritable(dirname(path)));
    if (!folderReadOnly || existsSync(`${path}-wal`)) throw error;
  }
  const immutable = openSqlite(`${pathToFileURL(path).href}?immutable=1`, {
    readonly: true,
    fileMustExist: true,
  });
  try {
    immutable.pragma('schema_version');
  } catch (error) {
    immutable.close();
    throw error;
  }
  return immutable;
}

/**
 * The `immutable` open needs URI filenames. better-sqlite3 reads SQLITE_USE_URI once, when its
 * native addon loads at the first open of any database, so this runs before every open. jps's
 * paths are absolute or `:memory:` (config resolves --db), so none is mistaken for a URI.
 */
function enableUriFilenames(): void {
  process.env['SQLITE_USE_URI'] ??= '1';
}

/**
 * SQLite opens a file it may not write read-only without a word, and the scrape would then fail
 * at its first write; a writer also needs the folder, for the WAL, the scrape lock and the raw
 * archive. Said once, up front, for the whole command.
 */
function refuseReadOnly(path: string): void {
  const readOnly = !isWritable(dirname(path))
    ? dirname(path)
    : existsSync(path) && !isWritable(path)
      ? path
      : null;
  if (readOnly === null) return;
  throw new StoreError(
    'DB_READ_ONLY',
    `the database ${path} is read-only (${readOnly === path ? 'the file' : 'its folder'} cannot be written); jps scrape needs to write it — pass a writable --db`,
    { exitCode: EXIT.usage },
  );
}

function isWritable(fileOrFolder: string): boolean {
  try {
    accessSync(fileOrFolder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite rolls a transaction back by itself after SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM.
 * Kysely's ROLLBACK then fails with "cannot rollback - no transaction is active", and that error
 * would replace the one that says what really happened (a full disk).
 */
class GuardedSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SqliteDatabase.Database,
  ) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class GuardedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly sqlite: SqliteDatabase.Database,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new GuardedSqliteDriver(this.config, this.sqlite);
  }
}

interface SchemaState {
  /** Tables other than SQLite's own. */
  tables: Set<string>;
  /** Migrations recorded as executed, oldest first (empty when there is no migration table). */
  executed: string[];
}

function schemaState(sqlite: SqliteDatabase.Database): SchemaState {
  const tables = new Set(
    (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((t) => t.name),
  );
  const executed = tables.has('kysely_migration')
    ? (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
        (row) => row.name,
      )
    : [];
  return { tables, executed };
}

/** A migration this jps does not know was run by a newer one: neither reading nor writing is safe. */
function refuseNewerDatabase(path: string, state: SchemaState): void {
  const unknown = state.executed.find((name) => !(name in migrations));
  if (unknown !== undefined) {
    throw new StoreError(
      'DB_TOO_NEW',
      `the database ${path} was written by a newer jps (migration ${unknown}); upgrade jps`,
    );
  }
}

function refuseForeignDatabase(path: string, state: SchemaState): void {
  if (state.tables.size > 0 && !state.tables.has('kysely_migration')) {
    throw new StoreError(
      'NOT_JPS_DB',
      `${path} is a SQLite database but not a jps database (it has tables jps did not create); pass another --db`,
    );
  }
}

function checkReadableSchema(store: Store): void {
  const state = schemaState(store.sqlite);
  if (state.tables.size === 0) throw noDatabase(store.path);
  refuseForeignDatabase(store.path, state);
  refuseNewerDatabase(store.path, state);
  const pending = Object.keys(migrations).filter((name) => !state.executed.includes(name));
  if (pending.length > 0) {
    throw new StoreError(
      'DB_NEEDS_MIGRATION',
      `the database ${store.path} needs migrating to this jps (migration ${pending[0]}); run \`${MIGRATING_COMMAND}\` once, which migrates it`,
    );
  }
}

async function migrate(store: Store): Promise<void> {
  const state = schemaState(store.sqlite);
  refuseForeignDatabase(store.path, state);
  refuseNewerDatabase(store.path, state);
  // Schema steps are numbered when planned and may land out of order (0004 before 0003): a
  // database that has the later one still takes the earlier one when it arrives.
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw asStoreError(error, store.path);
}

function noDatabase(path: string): StoreError {
  return new StoreError('NO_DATABASE', `no jps database at ${path} — run \`${MIGRATING_COMMAND}\` first`, {
    exitCode: EXIT.usage,
  });
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps SQLite's errors about the database itself (busy, not a database, read-only, full disk)
 * into errors that name the file and say what to do; anything else is returned unchanged.
 */
export function asStoreError(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error) ?? '';
  const reason = errorMessage(error);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'DB_BUSY',
      `the database ${path} is busy (another jps is writing); try again shortly`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('NOT_JPS_DB', `${path} is not a jps database (${reason}); pass another --db`, {
      cause: error,
    });
  }
  if (code === 'SQLITE_FULL') {
    return new StoreError(
      'DISK_FULL',
      `disk full writing ${path}: nothing of this run was stored; free some space and scrape again`,
      { exitCode: EXIT.sourceFailed, cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(
      'DB_READ_ONLY',
      `the database ${path} is read-only (${reason}); jps scrape needs to write it — pass a writable --db`,
      { exitCode: EXIT.usage, cause: error },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreError(
      'DB_IO_ERROR',
      `cannot use the database ${path}: ${reason} (is the disk full or failing?)`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return existsSync(path)
      ? new StoreError('NOT_JPS_DB', `cannot open the database ${path} (${reason}); pass another --db`, {
          exitCode: EXIT.usage,
          cause: error,
        })
      : noDatabase(path);
  }
  if (error instanceof Error && error.message.startsWith('corrupted migrations')) {
    return new StoreError('NOT_JPS_DB', `the database ${path} has ${error.message}; pass another --db`, {
      cause: error,
    });
  }
  return error;
}
