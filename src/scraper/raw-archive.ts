import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** What was downloaded: its size, its SHA-256, and where the archive keeps it (null when not archived). */
export interface PayloadRecord {
  bytes: number;
  sha256: string;
  archivePath: string | null;
}

/**
 * The raw archive: every downloaded payload, as `<folder>/<source>/<source>_YYYYMMDD_HHMMSS.<ext>`,
 * newest `keep` kept per source, so a changed file can be looked at after the fact. A multi-page
 * pull is written page by page, so memory never holds every page at once.
 */
export class RawArchiveWriter {
  private readonly hash = createHash('sha256');
  private size = 0;
  private fd: number | null = null;
  private path: string | null = null;

  constructor(
    private readonly folder: string | null,
    private readonly source: string,
    private readonly at: Date,
    private readonly keep: number,
  ) {}

  /** Opens the archive file with the payload's extension, once known. */
  open(extension: string): void {
    if (this.folder === null || this.fd !== null) return;
    const dir = join(this.folder, this.source);
    mkdirSync(dir, { recursive: true });
    const stamp = this.at.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
    let path = join(dir, `${this.source}_${stamp}.${extension}`);
    for (let n = 2; existsSync(path); n += 1) path = join(dir, `${this.source}_${stamp}_${n}.${extension}`);
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  write(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.hash.update(bytes);
    this.size += bytes.length;
    if (this.fd !== null) writeSync(this.fd, bytes);
  }

  finish(): PayloadRecord {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
      this.prune();
    }
    return { bytes: this.size, sha256: this.hash.digest('hex'), archivePath: this.path };
  }

  private prune(): void {
    if (this.folder === null) return;
    const dir = join(this.folder, this.source);
    const files = readdirSync(dir)
      .filter((name) => name.startsWith(`${this.source}_`))
      .sort();
    for (const name of files.slice(0, Math.max(0, files.length - this.keep)))
      rmSync(join(dir, name), { force: true });
  }
}

export function extensionFor(kind: string): string {
  switch (kind) {
    case 'workbook':
      return 'xlsx';
    case 'json':
      return 'json';
    case 'html-table':
    case 'html-page':
      return 'html';
    case 'legacy-xls':
      return 'xls';
    default:
      return 'csv';
  }
}
