// The end-of-pack summary of failed builds: one E_BUILDS_FAILED listing each failure and what to do.
import { readFileSync } from "node:fs";
import { isPyvendorError, PyvendorError } from "../errors.js";
import { tail } from "../build/build-failure.js";
import type { FailedBuild } from "./build-step.js";

const INLINE_TAIL = 5;

function logOf(err: unknown): string | undefined {
  return isPyvendorError(err) && typeof err.data.log === "string" ? err.data.log : undefined;
}

/**
 * The error for `failures` (at least one). Message: a count line, then per failure
 * `name version for target: reason [CODE]` with its log path (and, after the first, the last
 * lines of its log: the first one's are in the cause chain). Hint: the install commands of every
 * missing system package, else the code's own hint. Cause: the first failure.
 */
export function buildFailuresError(failures: FailedBuild[], succeeded: number): PyvendorError {
  const real = failures.filter((f) => !f.skipped);
  const packages = new Set(failures.map((f) => f.pin.name));
  const lines: string[] = [];
  real.forEach((f, i) => {
    const err = f.error;
    const reason = isPyvendorError(err) && typeof err.data.reason === "string" ? err.data.reason : err instanceof Error ? err.message.split("\n")[0] : String(err);
    lines.push(`${f.pin.name} ${f.pin.version} for ${f.target}: ${reason}${isPyvendorError(err) ? ` [${err.code}]` : ""}`);
    const log = logOf(err);
    if (log) {
      if (i > 0) {
        const text = (() => {
          try {
            return tail(readFileSync(log, "utf8"), INLINE_TAIL);
          } catch {
            return "";
          }
        })();
        for (const l of text.split("\n").filter(Boolean)) lines.push(`    | ${l}`);
      }
      lines.push(`    log: ${log}`);
    }
  });
  const skipped = failures.length - real.length;
  if (skipped > 0) lines.push(`(${skipped} more target build(s) of these packages were not tried)`);
  const system = real.filter((f) => isPyvendorError(f.error, "E_BUILD_MISSING_SYSTEM_PACKAGE")).map((f) => f.error as PyvendorError);
  const missing = [...new Set(system.flatMap((e) => (e.data.packages as string[] | undefined) ?? []))];
  const apt = system.length > 0 && system.every((e) => e.data.debian === true);
  const first = real.find((f) => isPyvendorError(f.error))?.error as PyvendorError | undefined;
  const cached = succeeded > 0 ? ` (the ${succeeded} wheel(s) that did build are cached)` : "";
  const hint = apt
    ? `Install the missing system packages with: sudo apt-get install ${missing.join(" ")}, then pack again${cached}.`
    : `${(system[0] ?? first)?.hint ?? "Read the build logs named above."} Pack again once fixed${cached}.`;
  return new PyvendorError(
    "E_BUILDS_FAILED",
    `${packages.size} ${packages.size === 1 ? "package" : "packages"} failed to build:\n${lines.join("\n")}`,
    {
      hint,
      cause: real[0]?.error,
      data: {
        failed: real.map((f) => ({
          project: f.pin.name,
          version: f.pin.version,
          target: f.target,
          code: isPyvendorError(f.error) ? f.error.code : "E_INTERNAL",
          message: f.error instanceof Error ? f.error.message : String(f.error),
          ...(logOf(f.error) ? { log: logOf(f.error) } : {}),
        })),
        ...(missing.length ? { systemPackages: missing } : {}),
      },
    },
  );
}
