// Bundle storage for a directory: lstat-based walk that never follows links inside the bundle.
import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { isErrno, PyvendorError } from "../errors.js";
import { readSmall, tooLarge, type EntryType } from "./entries.js";
import { readNoFollow } from "./hash.js";
import { compareText, MANIFEST_FILE } from "./layout.js";
import type { BundleStorage } from "./storage.js";

function typeOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  if (entry.isSymbolicLink()) return "link";
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  return "special";
}

/** Opens a directory as bundle storage (the caller has checked that `root` is a directory). */
export function dirStorage(root: string): BundleStorage {
  return {
    kind: "dir",
    path: root,
    async readManifest(maxBytes) {
      const file = path.join(root, MANIFEST_FILE);
      let stat;
      try {
        stat = await lstat(file);
      } catch (err: unknown) {
        if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) {
          throw new PyvendorError("E_NOT_A_BUNDLE", `${root} has no ${MANIFEST_FILE}`, { data: { path: root } });
        }
        throw err;
      }
      if (!stat.isFile()) {
        throw new PyvendorError("E_UNSAFE_ENTRY", `${file} is not a regular file`, { data: { path: MANIFEST_FILE } });
      }
      if (stat.size > maxBytes) throw tooLarge(`${file} is larger than ${maxBytes} bytes`, { path: MANIFEST_FILE });
      return readSmall(await readNoFollow(file), maxBytes, MANIFEST_FILE);
    },
    async scan(visit) {
      const walk = async (rel: string): Promise<void> => {
        const entries: Dirent[] = await readdir(path.join(root, rel), { withFileTypes: true });
        entries.sort((a, b) => compareText(a.name, b.name));
        for (const dirent of entries) {
          const name = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
          const full = path.join(root, name);
          const stat = await lstat(full);
          const type = typeOf(stat);
          await visit({
            name: type === "directory" ? `${name}/` : name,
            type,
            size: type === "file" ? stat.size : 0,
            open: () => readNoFollow(full),
          });
          if (type === "directory") await walk(name);
        }
      };
      await walk("");
    },
    async close() {},
  };
}
