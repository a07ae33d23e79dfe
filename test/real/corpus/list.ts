// The real-sdist corpus list: parsing corpus/real-sdists.tsv and corpus/wheels.tsv into entries (pure).
import { compareVersions } from "../../../src/standards/version.js";

/** Where a wheel of the corpus comes from. */
export type WheelOrigin =
  /** A Debian binary package holding it under /usr/share/python-wheels/. */
  | { kind: "deb"; pin: string }
  /** This machine image's local wheel mirror (copied into the cache; users' machines lack it). */
  | { kind: "mirror" }
  /** Built, reproducibly, from the flit_core/ directory of the listed flit sdist. */
  | { kind: "flit-core"; fromSdist: string };

export interface SdistEntry {
  kind: "sdist";
  /** `apt-get source` argument, SOURCE=VERSION. */
  pin: string;
  /** `name==version` on PyPI, or undefined ("-"): cached but not served as a project. */
  pypi?: string;
  /** Debian's orig tarball name, as apt downloads it. */
  origName: string;
  /** The file name it is cached and served under (its top directory plus the archive suffix). */
  filename: string;
  sha256: string;
  /** PKG-INFO's Requires-Python, when it has one. */
  requiresPython?: string;
}

export interface WheelEntry {
  kind: "wheel";
  origin: WheelOrigin;
  filename: string;
  sha256: string;
  /** Why the corpus holds it (the sdists that need it), for people reading the list. */
  neededBy: string;
}

export type CorpusEntry = SdistEntry | WheelEntry;

const SHA256 = /^[0-9a-f]{64}$/;

function rows(text: string, file: string, width: number): string[][] {
  const out: string[][] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const cells = line.split("\t");
    if (cells.length < width) throw new Error(`${file}:${i + 1}: expected ${width} tab-separated columns, got ${cells.length}`);
    out.push(cells.map((c) => c.trim()));
  });
  return out;
}

function sha(value: string | undefined, where: string): string {
  if (!value || !SHA256.test(value)) throw new Error(`${where}: not a sha256: ${value ?? "(missing)"}`);
  return value;
}

/**
 * Parses real-sdists.tsv: SOURCE=VERSION, name==version or "-", orig tarball, sha256, sdist file
 * name, Requires-Python or "-". Throws Error naming the file on a malformed line.
 */
export function parseSdistList(text: string, file = "real-sdists.tsv"): SdistEntry[] {
  return rows(text, file, 6).map(([pin = "", pypi = "", origName = "", hash, filename = "", requiresPython = ""]) => ({
    kind: "sdist" as const,
    pin,
    ...(pypi !== "-" ? { pypi } : {}),
    origName,
    filename,
    sha256: sha(hash, `${file}: ${pin}`),
    ...(requiresPython !== "-" ? { requiresPython } : {}),
  }));
}

function parseOrigin(text: string, where: string): WheelOrigin {
  if (text === "mirror") return { kind: "mirror" };
  if (text.startsWith("deb:")) return { kind: "deb", pin: text.slice(4) };
  if (text.startsWith("flit-core:")) return { kind: "flit-core", fromSdist: text.slice("flit-core:".length) };
  throw new Error(`${where}: unknown origin ${text} (deb:PKG=VERSION, mirror, flit-core:SDIST)`);
}

/** Parses wheels.tsv: origin, wheel file name, sha256, needed by. */
export function parseWheelList(text: string, file = "wheels.tsv"): WheelEntry[] {
  return rows(text, file, 4).map(([origin = "", filename = "", hash, neededBy = ""]) => ({
    kind: "wheel" as const,
    origin: parseOrigin(origin, `${file}: ${filename}`),
    filename,
    sha256: sha(hash, `${file}: ${filename}`),
    neededBy,
  }));
}

/** The corpus pins in as few bundles as its conflicting versions need: bundle i holds the i-th newest version of each project. */
export function corpusPinSets(entries: SdistEntry[]): string[][] {
  const byProject = new Map<string, string[]>();
  for (const e of entries) {
    const [name, version] = (e.pypi as string).split("==") as [string, string];
    const key = name.toLowerCase().replace(/[-_.]+/g, "-");
    byProject.set(key, [...(byProject.get(key) ?? []), `${name}==${version}`]);
  }
  const bundles: string[][] = [];
  for (const pins of byProject.values()) {
    pins.sort((a, b) => compareVersions(b.split("==")[1] as string, a.split("==")[1] as string));
    pins.forEach((pin, i) => (bundles[i] ??= []).push(pin));
  }
  return bundles;
}
