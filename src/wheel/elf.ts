// ELF shared objects: class, machine, DT_NEEDED and DT_SONAME, read from the dynamic segment (pure).
import { open } from "node:fs/promises";

export interface ElfInfo {
  class: 32 | 64;
  /** e_machine (62 = x86-64, 183 = AArch64, 3 = i386...). */
  machine: number;
  /** DT_NEEDED sonames in file order. */
  needed: string[];
  soname?: string;
}

/** Reads `length` bytes at `offset`, or fewer at the end of the data. */
export type ElfReader = (offset: number, length: number) => Buffer;

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_SONAME = 14;

/**
 * Parses ELF data through `read`. Returns undefined for data that is not ELF or is truncated or
 * inconsistent; a static object (no PT_DYNAMIC) gives `needed: []`. Uses program headers, as the
 * dynamic loader does, so stripped section headers do not matter.
 */
export function parseElf(read: ElfReader): ElfInfo | undefined {
  const ident = read(0, 64);
  if (ident.length < 52 || ident.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = ident[4] === 2;
  const le = ident[5] === 1;
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2)) return undefined;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const word = (b: Buffer, o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
  const machine = u16(ident, 18);
  const phoff = word(ident, is64 ? 32 : 28);
  const phentsize = u16(ident, is64 ? 54 : 42);
  const phnum = u16(ident, is64 ? 56 : 44);
  const info: ElfInfo = { class: is64 ? 64 : 32, machine, needed: [] };
  if (phnum === 0 || phentsize < (is64 ? 56 : 32)) return info;
  const ph = read(phoff, phentsize * phnum);
  if (ph.length < phentsize * phnum) return undefined;
  const loads: { vaddr: number; offset: number; filesz: number }[] = [];
  let dynamic: { offset: number; size: number } | undefined;
  for (let i = 0; i < phnum; i++) {
    const base = i * phentsize;
    const type = u32(ph, base);
    const offset = word(ph, base + (is64 ? 8 : 4));
    const vaddr = word(ph, base + (is64 ? 16 : 8));
    const filesz = word(ph, base + (is64 ? 32 : 16));
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
    if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
  }
  if (!dynamic) return info;
  const dyn = read(dynamic.offset, dynamic.size);
  const entSize = is64 ? 16 : 8;
  const neededOffsets: number[] = [];
  let sonameOffset: number | undefined;
  let strtabAddr: number | undefined;
  for (let o = 0; o + entSize <= dyn.length; o += entSize) {
    const tag = word(dyn, o);
    const val = word(dyn, o + entSize / 2);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) neededOffsets.push(val);
    else if (tag === DT_SONAME) sonameOffset = val;
    else if (tag === DT_STRTAB) strtabAddr = val;
  }
  if (strtabAddr === undefined) return neededOffsets.length ? undefined : info;
  const seg = loads.find((l) => strtabAddr! >= l.vaddr && strtabAddr! < l.vaddr + l.filesz);
  if (!seg) return undefined;
  const strtab = seg.offset + (strtabAddr - seg.vaddr);
  const str = (off: number): string | undefined => {
    const chunk = read(strtab + off, 4096);
    const end = chunk.indexOf(0);
    return end < 0 ? undefined : chunk.subarray(0, end).toString("utf8");
  };
  for (const off of neededOffsets) {
    const name = str(off);
    if (name === undefined) return undefined;
    info.needed.push(name);
  }
  if (sonameOffset !== undefined) {
    const name = str(sonameOffset);
    if (name !== undefined) info.soname = name;
  }
  return info;
}

/** ELF facts of a shared object held in memory, or undefined when it is not (valid) ELF. */
export function readElfInfo(buffer: Buffer): ElfInfo | undefined {
  return parseElf((offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)));
}

/**
 * ELF facts of a file, reading only the headers, the dynamic segment and the strings it names.
 * Undefined when the file is not ELF; I/O errors are thrown.
 */
export async function readElfFile(file: string): Promise<ElfInfo | undefined> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const pieces = new Map<string, Buffer>();
    // parseElf is synchronous; prefetch lazily by re-running it until every piece it asked for is loaded.
    for (;;) {
      const missing: [number, number][] = [];
      const result = parseElf((offset, length) => {
        const key = `${offset}:${length}`;
        const piece = pieces.get(key);
        if (piece) return piece;
        missing.push([offset, length]);
        return Buffer.alloc(0);
      });
      if (missing.length === 0) return result;
      for (const [offset, length] of missing) {
        const len = Math.max(0, Math.min(length, size - offset));
        const buf = Buffer.alloc(len);
        if (len > 0) await handle.read(buf, 0, len, offset);
        pieces.set(`${offset}:${length}`, buf);
      }
    }
  } finally {
    await handle.close();
  }
}

/** The DT_NEEDED sonames of a shared object file ([] when it is not ELF or static). */
export async function readNeededLibraries(file: string): Promise<string[]> {
  return (await readElfFile(file))?.needed ?? [];
}
