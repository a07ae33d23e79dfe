// The built-wheel bucket with the remote level behind it: entries shared under complete keys, wheels verified by their entry's sha256.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { tempPath } from "./atomic.js";
import { builtWheelKeyHash, type BuiltWheelKey, type BuiltWheelStore, type EntryFile } from "./built-wheels.js";
import { readSmallBody } from "./layered-releases.js";
import { RemoteFailure } from "./remote-failure.js";
import type { RemoteLevel } from "./remote-level.js";
import { wheelEntryDir, wheelObjectKey } from "./remote-keys.js";
import { MAX_PUT_BYTES } from "./s3-object-store.js";

/** entry.json of a remote built-wheel entry. The wheel is at `<entry folder>/<sha256>/<filename>`. */
interface RemoteEntry extends EntryFile {
  /** The key's parts, for people looking at the bucket. */
  parts?: Record<string, unknown>;
}

function parseEntry(text: string, key: string, where: string): RemoteEntry {
  let entry: RemoteEntry;
  try {
    entry = JSON.parse(text) as RemoteEntry;
  } catch {
    throw new RemoteFailure("integrity", `${where} is not JSON`);
  }
  const valid =
    entry.format === 1 &&
    entry.key === key &&
    typeof entry.filename === "string" &&
    /^[A-Za-z0-9._+-]+\.whl$/.test(entry.filename) &&
    /^[0-9a-f]{64}$/.test(entry.sha256) &&
    Number.isSafeInteger(entry.size) &&
    entry.size >= 0;
  if (!valid) throw new RemoteFailure("integrity", `${where} is not a valid entry for this build key`);
  return entry;
}

/** Streams `body` to `file`, throwing RemoteFailure("integrity") unless its sha256 and size are the entry's. */
async function saveVerified(body: Readable, file: string, entry: RemoteEntry, what: string): Promise<void> {
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > entry.size) return done(new RemoteFailure("integrity", `${what} is larger than its entry says`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(body, tap, createWriteStream(file, { flags: "wx" }));
  if (size !== entry.size || hash.digest("hex") !== entry.sha256) {
    throw new RemoteFailure("integrity", `${what} does not match the sha256 in its entry`);
  }
}

/**
 * `local` with `remote` as its second level. get(): on a local miss, reads the entry for the key
 * (it must name the same key string), then the wheel, checks it against the entry's sha256 and
 * size, and stores it locally. put(): stores locally, then uploads the wheel and then its entry
 * (so an entry never points at a missing wheel); the first entry uploaded for a key wins, so
 * every worker reuses the same wheel bytes.
 */
export function layerBuiltWheelStore(local: BuiltWheelStore, remote: RemoteLevel, tmpDir: string): BuiltWheelStore {
  return {
    async get(key: BuiltWheelKey) {
      const hit = await local.get(key);
      if (hit) return hit;
      const hash = builtWheelKeyHash(key);
      const dir = wheelEntryDir(key);
      const entryKey = `${dir}/entry.json`;
      return remote.read(entryKey, async () => {
        const object = await remote.store.get(entryKey);
        if (!object) return undefined;
        const entry = parseEntry(await readSmallBody(object.body, entryKey), hash, entryKey);
        const wheelKey = wheelObjectKey(dir, entry.sha256, entry.filename);
        const wheel = await remote.store.get(wheelKey);
        if (!wheel) return undefined;
        const staging = tempPath(tmpDir, "remote-wheel");
        await mkdir(staging, { recursive: true });
        try {
          const file = path.join(staging, entry.filename);
          await saveVerified(wheel.body, file, entry, wheelKey);
          return await local.put(key, file, entry.info);
        } finally {
          await rm(staging, { recursive: true, force: true });
        }
      });
    },
    async put(key: BuiltWheelKey, wheelPath: string, info?: Record<string, unknown>) {
      const stored = await local.put(key, wheelPath, info);
      if (stored.size > MAX_PUT_BYTES) return stored;
      const dir = wheelEntryDir(key);
      const filename = path.basename(stored.path);
      const wheelKey = wheelObjectKey(dir, stored.sha256, filename);
      const entry: RemoteEntry = {
        format: 1,
        key: builtWheelKeyHash(key),
        filename,
        sha256: stored.sha256,
        size: stored.size,
        ...(stored.info ? { info: stored.info } : {}),
        ...(typeof key === "string" ? {} : { parts: { sdistSha256: key.sdistSha256, target: key.target, glibc: key.glibc ?? null, settingsKey: key.settingsKey } }),
      };
      await remote.write(wheelKey, async () => {
        const wheel = await remote.store.put(wheelKey, { file: stored.path, policy: "content-addressed" });
        const doc = Buffer.from(`${JSON.stringify(entry, null, 1)}\n`);
        const written = await remote.store.put(`${dir}/entry.json`, { bytes: doc, policy: "keep-first", contentType: "application/json" });
        return wheel === "stored" || written === "stored" ? "stored" : "present";
      });
      return stored;
    },
  };
}
