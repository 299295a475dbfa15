import { inflateRawSync } from 'node:zlib';
import { SourceError } from '../errors.js';
import { formatCount } from '../format-count.js';
import { INPUT_LIMITS } from './input-limits.js';

/** One member of a ZIP file, as its central directory describes it. */
interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Refuses a workbook that would expand past `INPUT_LIMITS.maxWorkbookBytes` before any of it is
 * expanded: a few hundred kilobytes of repeated shared strings can inflate to gigabytes (a zip
 * bomb). The sizes come from the ZIP's central directory, the one the workbook reader follows;
 * each deflated member is then inflated with its declared size as the ceiling, so a member that
 * lies about its size fails here too instead of filling memory later. A file whose directory
 * cannot be read is left to the workbook reader, which says so.
 */
export function checkWorkbookSize(bytes: Uint8Array): void {
  const members = zipMembers(bytes);
  if (members === null) return;
  const limit = INPUT_LIMITS.maxWorkbookBytes;
  const total = members.reduce((sum, member) => sum + member.uncompressedBytes, 0);
  if (total > limit) {
    const largest = members.reduce((a, b) => (b.uncompressedBytes > a.uncompressedBytes ? b : a));
    throw tooLarge(
      `expands to ${megabytes(total)} (${largest.name} alone ${megabytes(largest.uncompressedBytes)})`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const member of members) {
    if (member.method !== 8 || member.uncompressedBytes === 0) continue;
    const at = member.localHeaderOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) return;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + member.compressedBytes);
    try {
      inflateRawSync(data, { maxOutputLength: member.uncompressedBytes });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(
          `has a part (${member.name}) that expands past the ${megabytes(member.uncompressedBytes)} it declares`,
        );
      }
      return; // A broken member: the workbook reader reports it.
    }
  }
}

function tooLarge(why: string): SourceError {
  return new SourceError(
    'WORKBOOK_TOO_LARGE',
    `the workbook ${why}; jps reads workbooks of at most ${megabytes(INPUT_LIMITS.maxWorkbookBytes)} expanded`,
  );
}

/** "201 MB", or "1,000 bytes" under a megabyte. */
function megabytes(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes < mb ? `${formatCount(bytes)} bytes` : `${formatCount(Math.round(bytes / mb))} MB`;
}

/** The members the central directory lists, or null when there is no readable directory. */
function zipMembers(bytes: Uint8Array): ZipMember[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes, unless a comment (up to 65,535 bytes) follows it.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const members: ZipMember[] = [];
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    members.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedBytes: view.getUint32(at + 20, true),
      uncompressedBytes: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}
