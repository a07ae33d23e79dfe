// The port every bundle form implements: read manifest.json, visit every entry in storage order.
import type { BundleKind } from "./layout.js";
import type { RawEntry } from "./entries.js";

export interface BundleStorage {
  readonly kind: BundleKind;
  /** The path the bundle was opened from. */
  readonly path: string;
  /**
   * The bytes of manifest.json. Throws E_NOT_A_BUNDLE when there is none (for tar.gz: when the
   * first file entry is not manifest.json), E_ARCHIVE_TOO_LARGE past `maxBytes`.
   */
  readManifest(maxBytes: number): Promise<Buffer>;
  /**
   * Calls `visit` for every entry, one at a time, in storage order; rejects with the first error
   * a visit throws or with E_ARCHIVE_INVALID when the storage is damaged. `maxBytes` bounds the
   * bytes a streamed archive may decompress to (E_ARCHIVE_TOO_LARGE past it).
   */
  scan(visit: (entry: RawEntry) => Promise<void>, maxBytes?: number): Promise<void>;
  close(): Promise<void>;
}
