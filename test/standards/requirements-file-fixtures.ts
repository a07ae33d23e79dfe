// An in-memory file system for requirements-file tests, and a compact view of parse results.
import { parseRequirementsFile, type RequirementsFile } from "../../src/standards/requirements-file.js";
import { requirementToString } from "../../src/standards/requirement.js";

/** readFile over `files`; a missing path throws like fs (code ENOENT). */
export function memoryReader(files: Record<string, string>): (path: string) => string {
  return (path: string) => {
    const text = files[path];
    if (text === undefined) {
      const error = new Error(`ENOENT: no such file or directory, open '${path}'`) as NodeJS.ErrnoException;
      error.code = "ENOENT";
      throw error;
    }
    return text;
  };
}

/** Parses `entry` (default "requirements.txt") from `files`. */
export function parseFiles(
  files: Record<string, string>,
  options: { entry?: string; env?: Record<string, string>; cwd?: string } = {},
): RequirementsFile {
  return parseRequirementsFile(options.entry ?? "requirements.txt", {
    readFile: memoryReader(files),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
}

/** One requirement line as "file:line requirement [hashes] (path) <url>" for compact assertions. */
export function describeLines(result: RequirementsFile, kind: "requirements" | "constraints" = "requirements"): string[] {
  return result[kind].map((r) => {
    const hashes = r.hashes.length > 0 ? ` [${r.hashes.map((h) => h.slice(0, 10)).join(" ")}]` : "";
    const where = r.path !== undefined ? ` (${r.path})` : r.url !== undefined ? ` <${r.url}>` : "";
    return `${r.source.file}:${r.source.line} ${requirementToString(r.requirement)}${hashes}${where}`;
  });
}

export const SHA_A = "a".repeat(64);
export const SHA_B = "B".repeat(64);
