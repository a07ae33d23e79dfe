// A minimal zip writer for test wheels: exact entry names, modes and link entries, nothing sanitized.
import { deflateRawSync, crc32 } from "node:zlib";

export interface ZipEntrySpec {
  /** Stored verbatim (absolute and `..` names included: tests need hostile archives). */
  name: string;
  data?: Buffer | string;
  /** Unix permission bits (default 0o644; directories 0o755). */
  mode?: number;
  /** Make it a symbolic link pointing to `data`. */
  symlink?: boolean;
  /** Unix mode including the file type bits (overrides `mode` and `symlink`). */
  fullMode?: number;
  /** 0 = stored, 8 = deflated (default: deflated when not empty). */
  method?: 0 | 8;
  /** Lie about the uncompressed size in both headers (zip-bomb tests). */
  declaredSize?: number;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (2024 - 1980) << 9 | 1 << 5 | 1; // 2024-01-01

/** Builds a zip archive (deflated entries, made-by Unix so modes are kept) in memory. */
export function makeZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? "", "utf8");
    const isDir = e.name.endsWith("/");
    const type = e.symlink ? 0o120000 : isDir ? 0o040000 : 0o100000;
    const mode = e.fullMode ?? type | (e.mode ?? (isDir ? 0o755 : e.symlink ? 0o777 : 0o644));
    const method = e.method ?? (raw.length ? 8 : 0);
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const size = e.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
