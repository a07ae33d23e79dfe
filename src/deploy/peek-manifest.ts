// Reads only a bundle's manifest.json, as cheaply as possible, to recognize an already installed bundle.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { constants, gunzipSync, inflateRawSync } from "node:zlib";
import { computeBundleId, type Manifest } from "../bundle/manifest.js";

const MANIFEST = "manifest.json";
const MAX_MANIFEST = 64 * 1024 * 1024;
const SYNC = { finishFlush: constants.Z_SYNC_FLUSH };

function readPrefix(file: string, bytes: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** manifest.json as the first entry of a .tar.gz (the writer puts it first), read from the file's start. */
function fromTarGz(file: string, fileSize: number): Buffer | undefined {
  for (let want = 256 * 1024; ; want *= 4) {
    const tar = gunzipSync(readPrefix(file, Math.min(want, fileSize)), SYNC);
    if (tar.length < 512) return undefined;
    const name = tar.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "").replace(/^\.\//, "");
    const type = String.fromCharCode(tar[156] ?? 0);
    if (name !== MANIFEST || (type !== "0" && type !== "\0")) return undefined;
    const size = Number.parseInt(tar.subarray(124, 136).toString("ascii").replace(/\0.*$/s, "").trim(), 8);
    if (!Number.isFinite(size) || size > MAX_MANIFEST) return undefined;
    if (tar.length >= 512 + size) return tar.subarray(512, 512 + size);
    if (want >= fileSize) return undefined;
  }
}

/** manifest.json as the first local entry of a .zip (stored or deflated). */
function fromZip(file: string, fileSize: number): Buffer | undefined {
  for (let want = 256 * 1024; ; want *= 4) {
    const buf = readPrefix(file, Math.min(want, fileSize));
    if (buf.length < 30 || buf.readUInt32LE(0) !== 0x04034b50) return undefined;
    const flags = buf.readUInt16LE(6);
    const method = buf.readUInt16LE(8);
    const nameLen = buf.readUInt16LE(26);
    const start = 30 + nameLen + buf.readUInt16LE(28);
    if (buf.subarray(30, 30 + nameLen).toString("utf8") !== MANIFEST || flags & 0x1) return undefined;
    const known = (flags & 0x8) === 0;
    const compressed = buf.readUInt32LE(18);
    const size = buf.readUInt32LE(22);
    if (method === 0 && known) {
      if (buf.length >= start + size) return buf.subarray(start, start + size);
    } else if (method === 8) {
      const out = inflateRawSync(buf.subarray(start, known ? start + compressed : undefined), SYNC);
      // Without sizes in the local header, a complete JSON document is the proof of a whole entry.
      if (known ? buf.length >= start + compressed : endsJson(out)) return out;
    } else {
      return undefined;
    }
    if (want >= fileSize) return undefined;
  }
}

function endsJson(buf: Buffer): boolean {
  try {
    JSON.parse(buf.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

/**
 * The manifest of `bundle` (directory, .tar.gz or .zip), read without validating it against the
 * schema and without reading any wheel; undefined when it cannot be read this way (the caller
 * then opens the bundle properly, which reports what is wrong). The id is recomputed from the
 * body, so a manifest edited after packing is not taken for the bundle it claims to be.
 */
export function peekManifest(bundle: string): Manifest | undefined {
  try {
    const abs = path.resolve(bundle);
    const st = statSync(abs);
    let bytes: Buffer | undefined;
    if (st.isDirectory()) bytes = readFileSync(path.join(abs, MANIFEST));
    else {
      const magic = readPrefix(abs, 4);
      if (magic[0] === 0x1f && magic[1] === 0x8b) bytes = fromTarGz(abs, st.size);
      else if (magic.length === 4 && magic.readUInt32LE(0) === 0x04034b50) bytes = fromZip(abs, st.size);
    }
    if (!bytes) return undefined;
    const manifest = JSON.parse(bytes.toString("utf8")) as Manifest;
    if (typeof manifest.format !== "string" || !manifest.format.startsWith("1.")) return undefined;
    if (!Array.isArray(manifest.targets) || !Array.isArray(manifest.packages) || !Array.isArray(manifest.requirements)) return undefined;
    return computeBundleId(manifest) === manifest.id ? manifest : undefined;
  } catch {
    return undefined;
  }
}
