/**
 * Answers computed from the database, kept while the database is unchanged. The server only reads,
 * so an answer can only go stale when another process (a scrape) commits; SQLite's
 * `PRAGMA data_version` changes exactly then, and reading it costs about a microsecond. A
 * frontend asking for page 1 again and again then costs a map lookup, not a count over a million
 * rows on the one thread better-sqlite3 runs on.
 *
 * Bounded by entries and bytes; the oldest entry goes first (insertion order, refreshed on a hit).
 */
export class ResponseCache {
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #currentVersion: () => number;
  #version: number | undefined;
  #bytes = 0;
  readonly #entries = new Map<string, Buffer>();

  constructor(options: { maxEntries: number; maxBytes: number; currentVersion: () => number }) {
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes;
    this.#currentVersion = options.currentVersion;
  }

  /** The version a computed answer will be filed under: read it before reading the data. */
  version(): number {
    const version = this.#currentVersion();
    if (version !== this.#version) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#version = version;
    }
    return version;
  }

  get(key: string): Buffer | undefined {
    this.version();
    const body = this.#entries.get(key);
    if (body !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, body);
    }
    return body;
  }

  /**
   * Files `body` under the version read before it was computed; an answer computed across a commit
   * is dropped rather than kept under the newer version.
   */
  set(key: string, body: Buffer, computedAtVersion: number): void {
    if (this.version() !== computedAtVersion || body.length > this.#maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= previous.length;
    }
    this.#entries.set(key, body);
    this.#bytes += body.length;
    for (const [oldest, oldBody] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= oldBody.length;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
