// Bundle storage for a .tar.gz: one streaming pass per scan (gunzip + tar-stream), bounded in size.
import { createReadStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { PyvendorError } from "../errors.js";
import { asBundleError, readSmall, tooLarge, type ArchiveLimits, type EntryType, type RawEntry } from "./entries.js";
import { MANIFEST_FILE, normalizeEntryName } from "./layout.js";
import type { BundleStorage } from "./storage.js";

const STOP = Symbol("stop scan");

function typeOf(type: string | null | undefined): EntryType | "skip" {
  switch (type) {
    case "file":
      return "file";
    case "directory":
      return "directory";
    case "symlink":
    case "link":
      return "link";
    case "pax-global-header":
      return "skip";
    default:
      return "special";
  }
}

/**
 * Counts bytes out of gunzip against `maxBytes` and the compression ratio limit, so that a gzip
 * bomb is stopped after at most a few chunks past the limit.
 */
function meter(compressed: () => number, maxBytes: number, limits: ArchiveLimits, file: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) {
        done(tooLarge(`${file} expands to more than the ${maxBytes} bytes its manifest allows`, { path: file, limit: maxBytes }));
        return;
      }
      if (total >= limits.ratioMinBytes && total / Math.max(compressed(), 1) > limits.maxRatio) {
        done(tooLarge(`${file} expands more than ${limits.maxRatio} times`, { path: file, limit: limits.maxRatio }));
        return;
      }
      done(null, chunk);
    },
  });
}

/** Opens a .tar.gz as bundle storage. Nothing is read until readManifest() or scan(). */
export function tarStorage(file: string, limits: ArchiveLimits): BundleStorage {
  const scan = async (visit: (entry: RawEntry) => Promise<void>, maxBytes: number): Promise<void> => {
    const input = createReadStream(file);
    let compressed = 0;
    input.on("data", (chunk) => (compressed += chunk.length));
    const gunzip = createGunzip();
    const counter = meter(() => compressed, maxBytes, limits, file);
    const extract = tar.extract();
    const fail = (err: unknown) => extract.destroy(asBundleError(err, file, "tar.gz"));
    for (const stream of [input, gunzip, counter]) stream.on("error", fail);
    input.pipe(gunzip).pipe(counter).pipe(extract);
    try {
      for await (const entry of extract) {
        const type = typeOf(entry.header.type);
        let opened = false;
        if (type !== "skip") {
          await visit({
            name: entry.header.name,
            type,
            size: entry.header.size ?? 0,
            open: async () => {
              if (opened) throw new Error("a tar entry can be opened once");
              opened = true;
              return Readable.from(entry);
            },
          });
        }
        if (!opened) for await (const _chunk of entry);
      }
    } catch (err: unknown) {
      if (err === STOP) return;
      throw asBundleError(err, file, "tar.gz");
    } finally {
      for (const stream of [input, gunzip, counter]) stream.destroy();
      extract.destroy();
    }
  };
  return {
    kind: "tar.gz",
    path: file,
    async readManifest(maxBytes) {
      let manifest: Buffer | undefined;
      await scan(async (entry) => {
        if (entry.type === "directory") return;
        if (entry.type === "file" && normalizeEntryName(entry.name) === MANIFEST_FILE) {
          if (entry.size > maxBytes) throw tooLarge(`${MANIFEST_FILE} declares ${entry.size} bytes`, { path: MANIFEST_FILE });
          manifest = await readSmall(await entry.open(), maxBytes, MANIFEST_FILE);
        }
        throw STOP;
      }, maxBytes + 1024 * 1024);
      if (!manifest) {
        throw new PyvendorError("E_NOT_A_BUNDLE", `${file} does not start with ${MANIFEST_FILE}`, {
          hint: "Bundles are written by `pyvendor pack`; their archives start with manifest.json.",
          data: { path: file },
        });
      }
      return manifest;
    },
    scan: (visit, maxBytes = Number.MAX_SAFE_INTEGER) => scan(visit, maxBytes),
    async close() {},
  };
}
