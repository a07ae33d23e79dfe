// A lock as a requirements file, as pip-compile writes one: every pin with its hashes, a marker
// when only some targets need it, and "# via" lines saying who required it. Pure and deterministic.
import { PyvendorError } from "../errors.js";
import type { SharedPin } from "../resolve/index.js";

/** A target as the lock file names it: its Python's full version. */
export interface LockTarget {
  pythonFullVersion: string;
}

export interface RequirementsOutputInput {
  pins: SharedPin[];
  targets: LockTarget[];
  /** "sha256:<hex>" of every file of each pinned release, by project name (sorted on output). */
  hashes: Map<string, string[]>;
  /** The input files as the "# via -r FILE" lines name them (top-level requirements). */
  inputs: string[];
  /** The command that makes the file again, for the header. */
  command: string;
}

/** The marker that selects `wanted` (indexes into `targets`) among them, or "" when all are wanted. */
export function targetsMarker(targets: LockTarget[], wanted: number[]): string {
  if (wanted.length === targets.length) return "";
  const minor = (t: LockTarget) => t.pythonFullVersion.split(".").slice(0, 2).join(".");
  const minors = targets.map(minor);
  // python_version when it tells the targets apart, python_full_version otherwise.
  const byMinor = new Set(minors).size === targets.length;
  const terms = wanted.map((i) =>
    byMinor ? `python_version == "${minors[i]}"` : `python_full_version == "${(targets[i] as LockTarget).pythonFullVersion}"`,
  );
  return terms.join(" or ");
}

function viaLines(pin: SharedPin, inputs: string[]): string[] {
  const via = new Set<string>();
  for (const who of pin.requestedBy) {
    if (who === "root") for (const file of inputs.length ? inputs : ["the command line"]) via.add(inputs.length ? `-r ${file}` : file);
    else via.add(who.replace(/\[.*\]/, "").split("==")[0] as string);
  }
  const sorted = [...via].sort((a, b) => (a.startsWith("-r") === b.startsWith("-r") ? (a < b ? -1 : a > b ? 1 : 0) : a.startsWith("-r") ? -1 : 1));
  if (sorted.length === 1) return [`    # via ${sorted[0]}`];
  return ["    # via", ...sorted.map((v) => `    #   ${v}`)];
}

/**
 * The requirements-file text of a lock: a header naming `command`, then the pins by name, each
 * `name==version`, ` ; <marker>` when not every target needs it, its hashes (sorted), and who
 * required it. Extras are not written: every package an extra brings is a pin of its own.
 * Hashes go on every pin or on none (one --hash turns pip's hash-checking on for all): throws
 * E_HASH_REQUIRED naming the pins without one when others have some.
 */
export function formatRequirementsLock(input: RequirementsOutputInput): string {
  const bare = input.pins.filter((p) => (input.hashes.get(p.name) ?? []).length === 0).map((p) => `${p.name}==${p.version}`);
  if (bare.length > 0 && bare.length < input.pins.length) {
    throw new PyvendorError("E_HASH_REQUIRED", `the index gave no sha256 for ${bare.sort().join(", ")}, and a lock with hashes needs one for every pin`, {
      data: { pins: bare },
    });
  }
  const lines = ["#", "# This file is made by pyvendor lock. Do not edit it: change the input and run", "#", `#    ${input.command}`, "#"];
  const pins = [...input.pins].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const pin of pins) {
    const marker = targetsMarker(input.targets, pin.targets);
    const hashes = [...new Set(input.hashes.get(pin.name) ?? [])].sort();
    const head = `${pin.name}==${pin.version}${marker ? ` ; ${marker}` : ""}`;
    lines.push(hashes.length ? `${head} \\` : head);
    hashes.forEach((h, i) => lines.push(`    --hash=${h}${i < hashes.length - 1 ? " \\" : ""}`));
    lines.push(...viaLines(pin, input.inputs));
  }
  return `${lines.join("\n")}\n`;
}
