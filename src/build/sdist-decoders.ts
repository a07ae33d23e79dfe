// Which archive an sdist really is (by its first bytes), and its tar bytes as a stream, decoded by well-kept libraries.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { PyvendorError } from "../errors.js";
import { sdistSuffix, type SdistFormat } from "../standards/sdist-formats.js";

/** The formats pyvendor decodes: every one but LZMA-alone. */
export type DecodableFormat = Exclude<SdistFormat, "tar.lzma">;

/** The format the first bytes of a file show, or undefined (an LZMA-alone stream has no magic). */
export function formatByMagic(head: Buffer): DecodableFormat | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
  if (head.subarray(0, 3).toString("latin1") === "BZh") return "tar.bz2";
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "tar.xz";
  if (head[0] === 0x50 && head[1] === 0x4b && [3, 5, 7].includes(head[2] ?? 0)) return "zip";
  if (head.length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  return undefined;
}

function invalid(label: string, message: string, hint?: string): PyvendorError {
  return new PyvendorError("E_SDIST_INVALID", `${label}: ${message}`, { ...(hint ? { hint } : {}), data: { sdist: label } });
}

/**
 * The format of the sdist `file` named `filename`: its name and its first bytes must agree.
 * Throws E_SDIST_INVALID for an unknown suffix, or a name that says one format and bytes another
 * (naming both), or an LZMA-alone archive (no decoder here yet).
 */
export async function sniffSdist(file: string, filename: string): Promise<DecodableFormat> {
  const named = sdistSuffix(filename);
  if (!named) throw invalid(filename, "not an sdist archive name (.tar.gz, .tgz, .tar.bz2, .tbz, .tar.xz, .txz, .tar.lzma, .tlz, .tar, .zip)");
  const handle = await open(file, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const found = formatByMagic(head);
  if (named.format === "tar.lzma" && found === undefined) {
    throw invalid(filename, "is an LZMA-alone (.tar.lzma) archive, which pyvendor cannot decode yet", "Use the project's .tar.gz sdist or a wheel.");
  }
  if (found !== named.format) {
    throw invalid(filename, `is named ${named.suffix} but its bytes are ${found === undefined ? "no archive format pyvendor knows" : `a ${found} archive`}`);
  }
  return found;
}

/** A readable of decoded bytes: `decode` applied to the file, its errors kept on the output. */
function decoded(file: string, decode: () => NodeJS.ReadWriteStream): Readable {
  const out = new PassThrough();
  pipeline(createReadStream(file), decode(), out).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

/**
 * The tar bytes of a tar-format sdist, streaming with bounded memory: gzip by zlib, bzip2 by
 * unbzip2-stream, xz by xz-decompress (xz-embedded in WebAssembly); the last two are loaded only
 * when such an sdist comes. Decode errors surface as errors of the stream.
 */
export async function tarBytes(file: string, format: Exclude<DecodableFormat, "zip">): Promise<Readable> {
  switch (format) {
    case "tar":
      return createReadStream(file);
    case "tar.gz":
      return decoded(file, () => createGunzip());
    case "tar.bz2": {
      const { default: bunzip2 } = await import("unbzip2-stream");
      return decoded(file, () => bunzip2());
    }
    case "tar.xz": {
      const { default: xz } = await import("xz-decompress");
      const web = new xz.XzReadableStream(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
      return Readable.fromWeb(web as import("node:stream/web").ReadableStream<Uint8Array>);
    }
  }
}
