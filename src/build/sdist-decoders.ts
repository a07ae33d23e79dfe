// Which archive an sdist really is (by its first bytes), and its tar bytes as a stream, decoded by well-kept libraries.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { PyvendorError } from "../errors.js";
import { trackChild } from "../interrupt.js";
import { sdistSuffix, type SdistFormat } from "../standards/sdist-formats.js";

/**
 * Whether `head` starts as an LZMA-alone (.lzma) stream does. The format has no magic number, so
 * this is liblzma's own test of its 13-byte header: a properties byte lc/lp/pb in range (< 225),
 * a dictionary size of 2^n or 2^n + 2^(n-1), an uncompressed size unknown (all ones) or below 256 GiB.
 */
export function looksLikeLzmaAlone(head: Buffer): boolean {
  if (head.length < 13 || (head[0] ?? 255) >= 225) return false;
  const dict = head.readUInt32LE(1);
  if (dict === 0 || dict === 0xffffffff) return false;
  const top = 2 ** Math.floor(Math.log2(dict));
  if (dict !== top && dict !== top + top / 2) return false;
  const size = head.readBigUInt64LE(5);
  return size === 0xffffffffffffffffn || size < 2n ** 38n;
}

/** The format the first bytes of a file show, or undefined. */
export function formatByMagic(head: Buffer): SdistFormat | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
  if (head.subarray(0, 3).toString("latin1") === "BZh") return "tar.bz2";
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "tar.xz";
  if (head[0] === 0x50 && head[1] === 0x4b && [3, 5, 7].includes(head[2] ?? 0)) return "zip";
  if (head.length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  if (looksLikeLzmaAlone(head)) return "tar.lzma";
  return undefined;
}

function invalid(label: string, message: string, hint?: string): PyvendorError {
  return new PyvendorError("E_SDIST_INVALID", `${label}: ${message}`, { ...(hint ? { hint } : {}), data: { sdist: label } });
}

/**
 * The format of the sdist `file` named `filename`: its name and its first bytes must agree.
 * Throws E_SDIST_INVALID for an unknown suffix, or a name that says one format and bytes another
 * (naming both).
 */
export async function sniffSdist(file: string, filename: string): Promise<SdistFormat> {
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

/** The most memory the LZMA-alone decoder may take (its dictionary, mostly): xz -9 needs 65 MiB. */
export const LZMA_ALONE_MEMLIMIT = 256 * 1024 * 1024;

/** Reads an LZMA-alone stream on stdin and writes what it holds on stdout, 64 KiB at a time. */
const LZMA_ALONE_SCRIPT = `
import sys
try:
    import lzma
except ImportError:
    sys.stderr.write("this Python has no lzma module\\n"); sys.exit(3)
inp, out = sys.stdin.buffer, sys.stdout.buffer
d = lzma.LZMADecompressor(format=lzma.FORMAT_ALONE, memlimit=int(sys.argv[1]))
try:
    while not d.eof:
        chunk = b""
        if d.needs_input:
            chunk = inp.read(65536)
            if not chunk:
                sys.stderr.write("the stream ends before its end marker\\n"); sys.exit(4)
        out.write(d.decompress(chunk, max_length=65536))
except lzma.LZMAError as e:
    sys.stderr.write(str(e) + "\\n"); sys.exit(4)
out.flush()
`;

/**
 * The bytes an LZMA-alone (.tar.lzma) file holds, decoded by `python`'s lzma module (liblzma, as
 * pip's tarfile decodes these sdists; no npm library streams LZMA-alone with a memory limit) in a
 * child process, with LZMA_ALONE_MEMLIMIT. Destroying the stream early kills the child; a decode
 * failure is an E_SDIST_INVALID error of the stream.
 */
export function lzmaAloneBytes(file: string, filename: string, python: string): Readable {
  const child = spawn(python, ["-E", "-s", "-c", LZMA_ALONE_SCRIPT, String(LZMA_ALONE_MEMLIMIT)], { stdio: ["pipe", "pipe", "pipe"] });
  trackChild(child);
  const out = new PassThrough();
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  pipeline(createReadStream(file), child.stdin).catch(() => undefined); // the child's exit says what went wrong
  child.stdout.pipe(out, { end: false });
  const fail = (message: string, hint?: string) => out.destroy(invalid(filename, message, hint));
  child.on("error", (err) => fail(`cannot start ${python} to decode this LZMA-alone archive: ${err.message}`));
  child.on("close", (code, signal) => {
    if (out.destroyed) return;
    const reason = stderr.trim().split("\n").pop() ?? "";
    if (code === 0) out.end();
    else if (code === 3) fail(`is an LZMA-alone (.tar.lzma) archive, and ${python} has no lzma module to decode it`, "Build with a Python 3 that has the lzma module, or use the project's .tar.gz sdist.");
    else if (/memory usage limit/i.test(reason)) fail(`is an LZMA-alone archive that needs more than ${LZMA_ALONE_MEMLIMIT / 1024 / 1024} MiB of memory to decode`);
    else fail(`is not a readable LZMA-alone archive: ${reason || `the decoder ${signal ? `was killed by ${signal}` : `exited with ${code}`}`}`);
  });
  out.on("close", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return out;
}

/**
 * The tar bytes of a tar-format sdist, streaming with bounded memory: gzip by zlib, bzip2 by
 * unbzip2-stream, xz by xz-decompress (xz-embedded in WebAssembly), LZMA-alone by `python`
 * (lzmaAloneBytes); bzip2 and xz decoders are loaded only when such an sdist comes. Decode errors
 * surface as errors of the stream.
 */
export async function tarBytes(file: string, filename: string, format: Exclude<SdistFormat, "zip">, python: string): Promise<Readable> {
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
    case "tar.lzma":
      return lzmaAloneBytes(file, filename, python);
  }
}
