// Turns a failed build into one PyvendorError: the log's last lines, its path, and a system-package hint.
import { readFile } from "node:fs/promises";
import { PyvendorError } from "../errors.js";
import { findMissing, type MissingItem } from "./diagnose.js";
import type { SystemPackages } from "./system-packages.js";
import { lastLines } from "../subprocess.js";

/** Lines of the log shown in the error. */
export const TAIL_LINES = 20;

/** What went wrong, as far as the frontend knows. */
export interface BuildFailure {
  kind: "missing-hook" | "backend-unavailable" | "backend-invalid" | "hook-failed" | "no-wheel";
  message: string;
}

/** Starts the log line after which the frontend writes a hook's traceback. */
export const HOOK_ERROR_MARKER = "pyvendor: the build backend raised an exception in ";

/** Last `count` non-empty lines of `text` (TAIL_LINES by default). */
export function tail(text: string, count = TAIL_LINES): string {
  return lastLines(text, count);
}

function describe(item: MissingItem): string {
  switch (item.kind) {
    case "header":
      return `the C header ${item.name}`;
    case "library":
      return `the library -l${item.name}`;
    case "program":
      return `the program ${item.name}`;
    case "pkg-config":
      return `the pkg-config module ${item.name}`;
  }
}

/** The install command for `packages` on this system, or a sentence where it is not Debian. */
export function installHint(packages: string[], debian: boolean): string {
  const list = packages.join(" ");
  return debian
    ? `Install it with: sudo apt-get install ${list} (then pack again; the other builds are cached)`
    : `Install your system's development package that provides it (on Debian/Ubuntu: ${list}), then pack again`;
}

export interface ExplainOptions {
  project: string;
  version: string;
  target: string;
  logPath: string;
  failure: BuildFailure;
  packages: SystemPackages;
}

/**
 * Reads the log and returns the error to throw: E_BUILD_MISSING_SYSTEM_PACKAGE when the log shows
 * a missing header, library, tool or pkg-config module that a known package provides (hint: the
 * exact apt-get command); E_BUILD_BACKEND when the backend could not be loaded; else
 * E_BUILD_FAILED. The cause holds the log's last lines and the full log's path.
 */
export async function explainBuildFailure(options: ExplainOptions): Promise<PyvendorError> {
  const { project, version, target, logPath, failure } = options;
  const log = await readFile(logPath, "utf8").catch(() => "");
  const at = log.lastIndexOf(HOOK_ERROR_MARKER);
  const output = at >= 0 ? log.slice(0, at) : log;
  const raised = failure.kind === "hook-failed" ? tail(failure.message, 1) : "";
  const cause = new Error(
    `last lines of the build output:\n${tail(output) || "(none)"}${raised ? `\nthe backend raised: ${raised}` : ""}\nfull log: ${logPath}`,
  );
  const data = { project, version, target, log: logPath };
  const missing = findMissing(log);
  const found: { item: MissingItem; package: string }[] = [];
  for (const item of missing) {
    const pkg = await options.packages.provider(item);
    if (pkg) found.push({ item, package: pkg });
  }
  if (found.length > 0) {
    const packages = [...new Set(found.map((f) => f.package))];
    const what = found.map((f) => `${describe(f.item)} (${f.package})`).join(", ");
    const reason = `${what} is not installed`;
    return new PyvendorError("E_BUILD_MISSING_SYSTEM_PACKAGE", `Building ${project} ${version} for ${target} failed: ${reason}`, {
      hint: installHint(packages, options.packages.debian),
      cause,
      data: { ...data, reason, packages, debian: options.packages.debian, missing: found.map((f) => ({ kind: f.item.kind, name: f.item.name, package: f.package, line: f.item.line })) },
    });
  }
  if (failure.kind === "backend-unavailable" || failure.kind === "backend-invalid") {
    const reason = `the build backend could not be loaded (${tail(failure.message, 1)})`;
    return new PyvendorError("E_BUILD_BACKEND", `${project} ${version}: ${reason}`, { cause, data: { ...data, reason } });
  }
  const reason = failure.kind === "hook-failed" ? raised || "the backend raised an error" : failure.message;
  return new PyvendorError("E_BUILD_FAILED", `Building ${project} ${version} for ${target} failed: ${reason}`, { cause, data: { ...data, reason } });
}
