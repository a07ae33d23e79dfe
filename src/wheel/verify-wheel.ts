// Checking a wheel file as the installer's unpack step does, writing nothing: for pack and verify.
import { PyvendorError } from "../errors.js";
import { ENTRY_IN_MEMORY_MAX, openWheel, readVerified, recordDigest, recordHasher, recordMismatch, type OpenedWheel, type WheelFileJob } from "./wheel-decode.js";
import type { WheelContents } from "./wheel-contents.js";
import { entryStream, type ZipEntryInfo } from "./zip-entries.js";

/** Hashes one large entry as it inflates; corrupt deflate data gives E_WHEEL_INVALID. */
async function verifyStreamed(wheel: OpenedWheel, file: WheelContents["files"][number]): Promise<void> {
  const info = wheel.byName.get(file.path) as ZipEntryInfo;
  const want = recordDigest(file, wheel.label);
  const hash = recordHasher(want);
  try {
    for await (const chunk of await entryStream(wheel.zip, info)) hash.update(chunk as Buffer);
  } catch (err: unknown) {
    if (err instanceof PyvendorError) throw err;
    throw new PyvendorError("E_WHEEL_INVALID", `${wheel.label}: entry "${info.name}" cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      data: { archive: wheel.label, entry: info.name },
    });
  }
  if (want && hash.digest("base64url") !== want.digest) throw recordMismatch(file, wheel.label);
}

/**
 * Runs every check `pyvendor install` runs on a wheel before it keeps it (openWheel: sha256,
 * zip structure and entry names, layout, RECORD, names and version, entry points; then every
 * entry against its RECORD hash and its deflate data), and returns its contents. Throws what
 * unpacking would: E_HASH_MISMATCH, E_UNSAFE_PATH, E_UNSAFE_ENTRY, E_DUPLICATE_ENTRY,
 * E_RECORD_MISMATCH, E_WHEEL_INVALID, E_INVALID_METADATA.
 */
export async function verifyWheelFile(job: WheelFileJob): Promise<WheelContents> {
  const wheel = await openWheel(job);
  try {
    const small = job.limits?.entryInMemory ?? ENTRY_IN_MEMORY_MAX;
    for (const file of wheel.contents.files) {
      const info = wheel.byName.get(file.path) as ZipEntryInfo;
      if (info.size <= small && info.compressedSize <= small) readVerified(wheel, file);
      else await verifyStreamed(wheel, file);
    }
    return wheel.contents;
  } finally {
    wheel.close();
  }
}
