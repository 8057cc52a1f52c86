import { inflateRawSync } from 'node:zlib';
import { UserError } from '../errors.js';

/** One file of a zip archive. */
export interface ZipFile {
  /** Its path inside the archive, with `/` (checked: relative, no `..`). */
  path: string;
  data: Buffer;
}

/** Beyond these an archive is not a class's submissions (or is a zip bomb). */
const MAX_FILES = 20_000;
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

/**
 * Reads the files of a zip archive (APPNOTE: central directory, stored or deflated entries), with
 * Node's own zlib: the CLI carries no unzip and no dependency for it. Folders and links are
 * skipped (a link in a submission is never followed); ZIP64 and encrypted archives are refused.
 */
export function readZip(archive: Buffer, name: string): ZipFile[] {
  const bad = (why: string): never => {
    throw new UserError(`${name}: no puedo leerlo como zip (${why}).`);
  };
  const end = findEndRecord(archive) ?? bad('no encuentro su índice: ¿está completo?');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) bad('es un ZIP64: descomprímelo y califica la carpeta');
  if (count > MAX_FILES) bad(`tiene ${count} archivos`);
  const files: ZipFile[] = [];
  let total = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== 0x02014b50) bad('índice dañado');
    const flags = archive.readUInt16LE(offset + 8);
    const method = archive.readUInt16LE(offset + 10);
    const compressed = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const mode = archive.readUInt32LE(offset + 38) >>> 16;
    const local = archive.readUInt32LE(offset + 42);
    const rawName = archive.subarray(offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    const path = entryName(rawName, (flags & 0x800) !== 0);
    if (path.endsWith('/') || (mode & 0o170000) === 0o120000 || (mode & 0o170000) === 0o040000) continue;
    if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.split('/').includes('..')) bad(`la ruta «${path}» sale de la carpeta`);
    if (flags & 1) bad(`«${path}» está cifrado`);
    total += size;
    if (total > MAX_TOTAL_BYTES) bad('descomprimido ocuparía más de 512 MB');
    if (archive.readUInt32LE(local) !== 0x04034b50) bad(`«${path}» dañado`);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const stored = archive.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(stored);
    else if (method === 8) {
      try {
        data = inflateRawSync(stored, { maxOutputLength: Math.max(size, 1) });
      } catch {
        return bad(`«${path}» dañado`);
      }
    } else return bad(`«${path}» usa un método de compresión que no conozco (${method})`);
    if (data.length !== size) bad(`«${path}» dañado`);
    files.push({ path, data });
  }
  return files;
}

function findEndRecord(archive: Buffer): number | undefined {
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 22 - 0xffff); offset--) {
    if (archive.readUInt32LE(offset) === 0x06054b50) return offset;
  }
  return undefined;
}

/** Names are UTF-8 when the archive says so (Moodle does); old tools wrote the local code page. */
function entryName(raw: Buffer, utf8Flag: boolean): string {
  const text = utf8Flag ? raw.toString('utf8') : decodeOrLatin1(raw);
  return text.replace(/\\/g, '/').replace(/^\.\//, '');
}

function decodeOrLatin1(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}
