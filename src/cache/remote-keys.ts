// Object keys of the remote level: the local layout's bucket paths, and complete, readable keys for built wheels.
import { createHash } from "node:crypto";
import { builtWheelKeyHash, type BuiltWheelKey } from "./built-wheels.js";
import { CONTENT_BUCKET } from "./content-store.js";

export { fileRecordKey, releaseRecordKey } from "./release-store.js";

const HEX64 = /^[0-9a-f]{64}$/;
const SAFE = /^[A-Za-z0-9._+-]{1,128}$/;

/** `content-v1/sha256/ab/cd/<sha256>`, as in the local store. */
export function contentKey(sha256: string): string {
  if (!HEX64.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
  return `${CONTENT_BUCKET}/sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * The folder of a built wheel's remote entry. With the key's parts it names everything that
 * makes the wheel reusable: `wheels-v1/<sdist sha256>/<target id>-glibc<x.y>-<settings hash>`
 * (`pure-<settings hash>` for a pure wheel), so workers on other platforms never meet it. With a
 * bare key string: `wheels-v1/key/<key>`. The folder holds entry.json and `<wheel sha256>/<wheel file>`.
 */
export function wheelEntryDir(key: BuiltWheelKey): string {
  const hash = builtWheelKeyHash(key);
  const byKey = `wheels-v1/key/${SAFE.test(hash) ? hash : createHash("sha256").update(hash).digest("hex")}`;
  if (typeof key === "string") return byKey;
  const glibc = key.glibc ?? "none";
  const settings = key.settingsKey.slice(0, 16);
  if (!HEX64.test(key.sdistSha256) || !SAFE.test(key.target) || !SAFE.test(glibc) || !SAFE.test(settings)) return byKey;
  const where = key.target === "pure" ? "pure" : `${key.target}-glibc${glibc}`;
  return `wheels-v1/${key.sdistSha256}/${where}-${settings}`;
}

/** The key of the wheel file itself inside its entry folder. */
export function wheelObjectKey(entryDir: string, sha256: string, filename: string): string {
  return `${entryDir}/${sha256}/${filename}`;
}
