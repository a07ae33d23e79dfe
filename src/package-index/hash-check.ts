// Hash verification rules: every index hash must match; requirement hashes are alternatives, one must match.
import { getHashes } from "node:crypto";
import { PyvendorError } from "../errors.js";

const SUPPORTED = new Set(getHashes().map((h) => h.toLowerCase()));

export interface HashInputs {
  filename: string;
  /** Hashes the index listed for the file (algorithm → hex); each one must match. */
  indexHashes: Record<string, string>;
  /** Requirement / pylock hashes, "algo:hex"; when any are given, at least one must match. */
  expectedHashes: readonly string[];
}

/** Parses "sha256:hex" (or "sha256=hex") into [algorithm, hex]; undefined if malformed. */
export function parseHash(text: string): [string, string] | undefined {
  const m = /^([a-z0-9_-]+)[:=]([0-9a-f]+)$/i.exec(text.trim());
  return m ? [(m[1] ?? "").toLowerCase(), (m[2] ?? "").toLowerCase()] : undefined;
}

/** Algorithms (besides sha256) that must be computed to check `inputs`. */
export function algorithmsNeeded(inputs: Omit<HashInputs, "filename">): string[] {
  const algos = new Set<string>();
  for (const a of Object.keys(inputs.indexHashes)) if (SUPPORTED.has(a)) algos.add(a);
  for (const h of inputs.expectedHashes) {
    const parsed = parseHash(h);
    if (parsed && SUPPORTED.has(parsed[0])) algos.add(parsed[0]);
  }
  algos.delete("sha256");
  return [...algos].sort();
}

/**
 * Throws E_HASH_MISMATCH (data: file, expected[], actual) unless `digests` (algorithm → hex of
 * the actual bytes) match every index hash we can compute and, if expectedHashes is not empty,
 * at least one of them. Pure.
 */
export function checkHashes(inputs: HashInputs, digests: Record<string, string>): void {
  for (const [algo, hex] of Object.entries(inputs.indexHashes)) {
    const actual = digests[algo];
    if (actual !== undefined && actual !== hex.toLowerCase()) {
      throw hashMismatch(inputs.filename, [`${algo}:${hex.toLowerCase()}`], `${algo}:${actual}`, "the index");
    }
  }
  const expected = inputs.expectedHashes.map(parseHash).filter((h): h is [string, string] => h !== undefined);
  if (expected.length === 0) return;
  if (expected.some(([algo, hex]) => digests[algo] === hex)) return;
  const algo = expected.find(([a]) => digests[a] !== undefined)?.[0] ?? "sha256";
  throw hashMismatch(
    inputs.filename,
    expected.map(([a, h]) => `${a}:${h}`),
    `${algo}:${digests[algo] ?? "?"}`,
    "the requirements",
  );
}

function hashMismatch(filename: string, expected: string[], actual: string, source: string): PyvendorError {
  const list = expected.length === 1 ? expected[0] : `one of ${expected.join(", ")}`;
  return new PyvendorError("E_HASH_MISMATCH", `${filename}: ${source} expects ${list}, but the file has ${actual}`, {
    data: { file: filename, expected, actual, source },
  });
}
