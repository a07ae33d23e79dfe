// exportBundle: a bundle's pins as text for other tools (requirements for pip, pylock.toml for PEP 751 installers).
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { pylockToml, requirementsLock } from "./lockfiles.js";
import { openBundle } from "./read.js";

export interface ExportOptions {
  format: "requirements" | "pylock";
  /** pylock only: paths relative to the bundle root (default) or absolute (directory bundles only). */
  paths?: "relative" | "absolute";
}

/**
 * The text of requirements.lock or pylock.toml for the bundle at `bundlePath` (validated first).
 * Absolute pylock paths point at the files of a directory bundle; for an archive they would
 * point nowhere, so that throws E_USAGE.
 */
export async function exportBundle(bundlePath: string, options: ExportOptions): Promise<string> {
  const reader = await openBundle(bundlePath);
  try {
    if (options.format === "requirements") return requirementsLock(reader.manifest);
    if (options.paths === "absolute" && reader.kind !== "dir") {
      throw new PyvendorError("E_USAGE", `absolute paths need a bundle directory; ${bundlePath} is a ${reader.kind} archive`, {
        hint: "Export with relative paths, or pack the bundle as a directory.",
      });
    }
    return pylockToml(reader.manifest, { paths: options.paths ?? "relative", root: path.resolve(bundlePath) });
  } finally {
    await reader.close();
  }
}
