// A lock as PEP 751's pylock.toml: every pin with the URLs and hashes of its release's files on the
// index, a marker when only some targets need it. Pure and deterministic.
import { tomlString } from "../bundle/lockfiles.js";
import type { DistributionFile } from "../package-index/finder.js";
import type { SharedPin } from "../resolve/index.js";
import { targetsMarker, type LockTarget } from "./requirements-output.js";

export interface PylockOutputInput {
  pins: SharedPin[];
  targets: LockTarget[];
  /** Every file of each pinned release, by project name. */
  files: Map<string, DistributionFile[]>;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function fileTable(f: DistributionFile): string {
  const sha256 = f.hashes.sha256 as string;
  return `{ name = ${tomlString(f.filename)}, url = ${tomlString(f.url)}${f.size !== undefined ? `, size = ${f.size}` : ""}, hashes = { sha256 = ${tomlString(sha256.toLowerCase())} } }`;
}

/**
 * pylock.toml (lock-version 1.0, created-by pyvendor): one [[packages]] per pin, sorted, with its
 * marker, the index it came from, its sdist and wheels (url, size, sha256; files without a sha256
 * are left out, as PEP 751 requires hashes). URLs carry no credentials (the index client strips them).
 */
export function formatPylockLock(input: PylockOutputInput): string {
  const head = ['lock-version = "1.0"', 'created-by = "pyvendor"'];
  const blocks = [...input.pins].sort((a, b) => compare(a.name, b.name)).map((pin) => {
    const hashed = (input.files.get(pin.name) ?? []).filter((f) => f.hashes.sha256);
    // A yanked release is in a lock only when pinned to it: then its files are what there is.
    const usable = hashed.some((f) => f.yanked === false) ? hashed.filter((f) => f.yanked === false) : hashed;
    const files = usable.sort((a, b) => compare(a.filename, b.filename));
    const lines = ["[[packages]]", `name = ${tomlString(pin.name)}`, `version = ${tomlString(pin.version)}`];
    const marker = targetsMarker(input.targets, pin.targets);
    if (marker) lines.push(`marker = ${tomlString(marker)}`);
    const index = files[0]?.index;
    if (index && /^https?:/.test(index)) lines.push(`index = ${tomlString(index)}`);
    const sdist = files.find((f) => f.kind === "sdist");
    if (sdist) lines.push(`sdist = ${fileTable(sdist)}`);
    const wheels = files.filter((f) => f.kind === "wheel");
    if (wheels.length > 0) lines.push("wheels = [", ...wheels.map((w) => `    ${fileTable(w)},`), "]");
    return lines.join("\n");
  });
  if (blocks.length === 0) head.push("packages = []");
  return `${[head.join("\n"), ...blocks].join("\n\n")}\n`;
}
