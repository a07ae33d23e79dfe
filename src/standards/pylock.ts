// PEP 751 lock files (pylock.toml) as input: parsing and validation per the specification.
import path from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { PyvendorError } from "../errors.js";
import { parseMarker, type Marker } from "./markers.js";
import { isNormalizedName } from "./names.js";
import { compareParsed, formatVersion, parseVersion } from "./pep440.js";
import { joinPath } from "./requirement-target.js";
import { parseSpecifierSet } from "./specifier-set.js";
import { parseSdistFilename, parseWheelFilename } from "./tags.js";
import { fieldReader, type FieldReader, type Table } from "./toml-fields.js";

export { selectLockedPackages, type SelectLockedOptions } from "./pylock-select.js";

/** One file of a locked package (a wheel, the sdist, or an archive). */
export interface LockedFile {
  /** The file name (given, or the last part of the path or URL). */
  name: string;
  url?: string;
  /** The path joined to the lock file's directory (absolute when the lock file's path is). */
  path?: string;
  size?: number;
  /** Algorithm → hex digest, e.g. { sha256: "..." }; never empty. */
  hashes: Record<string, string>;
  uploadTime?: string;
}

export interface LockedPackage {
  /** Normalized name. */
  name: string;
  /** The locked version (from `version`, else from the wheel or sdist file names). */
  version?: string;
  marker?: Marker;
  /** The package's requires-python as written. */
  requiresPython?: string;
  sdist?: LockedFile;
  wheels: LockedFile[];
  archive?: LockedFile & { subdirectory?: string };
  vcs?: { type: string; url?: string; path?: string; requestedRevision?: string; commitId: string; subdirectory?: string };
  directory?: { path: string; editable: boolean; subdirectory?: string };
  index?: string;
  /** Where it is in the file, for messages: "packages[3]". */
  at: string;
}

export interface Pylock {
  file: string;
  lockVersion: string;
  createdBy: string;
  requiresPython?: string;
  environments: Marker[];
  extras: string[];
  dependencyGroups: string[];
  defaultGroups: string[];
  packages: LockedPackage[];
}

// The path of a URL as Python's urlparse gives it (no percent-decoding, ";params" cut off).
function urlPath(url: string): string {
  let rest = url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:/, "");
  if (rest.startsWith("//")) rest = rest.replace(/^\/\/[^/?#]*/, "");
  rest = rest.replace(/[?#].*$/s, "");
  const slash = rest.lastIndexOf("/");
  const semicolon = rest.indexOf(";", slash + 1);
  return semicolon >= 0 ? rest.slice(0, semicolon) : rest;
}

function fileName(r: FieldReader, dir: string, kind: string): LockedFile {
  const url = r.string("url");
  const rawPath = r.string("path");
  const hashes = r.stringTable("hashes") ?? r.fail("is required", "hashes");
  if (Object.keys(hashes).length === 0) r.fail("at least one hash must be given", "hashes");
  if (!url && !rawPath) r.fail(`a ${kind} needs a path or a url`);
  const fromPath = rawPath ? rawPath.split(rawPath.includes("/") ? "/" : "\\").pop() : undefined;
  const fromUrl = url ? urlPath(url).split("/").pop() : undefined;
  const name = r.string("name") || fromPath || fromUrl || r.fail(`cannot tell the ${kind}'s file name`);
  const file: LockedFile = { name, hashes };
  if (url) file.url = url;
  if (rawPath) file.path = joinPath(dir, rawPath);
  const size = r.integer("size");
  if (size !== undefined) file.size = size;
  const uploadTime = r.datetime("upload-time");
  if (uploadTime !== undefined) file.uploadTime = uploadTime;
  return file;
}

function checkFileName(r: FieldReader, pkg: LockedPackage, file: LockedFile, kind: "wheel" | "sdist", version?: string): string {
  let parsed: { name: string; version: string };
  try {
    parsed = kind === "wheel" ? parseWheelFilename(file.name) : parseSdistFilename(file.name);
  } catch {
    return r.fail(`invalid ${kind} file name ${JSON.stringify(file.name)}`);
  }
  if (parsed.name !== pkg.name) r.fail(`${file.name} is not a file of ${pkg.name}`);
  const want = version ? parseVersion(version) : undefined;
  const have = parseVersion(parsed.version);
  if (want && have && compareParsed(want, have) !== 0) r.fail(`${file.name} is not version ${version} of ${pkg.name}`);
  return parsed.version;
}

function readPackage(r: FieldReader, dir: string): LockedPackage {
  const name = r.requiredString("name");
  if (!isNormalizedName(name)) r.fail(`name ${JSON.stringify(name)} is not normalized`, "name");
  const pkg: LockedPackage = { name, wheels: [], at: r.at };
  const version = r.string("version");
  if (version !== undefined && !parseVersion(version)) r.fail(`invalid version ${JSON.stringify(version)}`, "version");
  const markerText = r.string("marker");
  if (markerText !== undefined) pkg.marker = located(r, "marker", () => parseMarker(markerText));
  const requiresPython = r.string("requires-python");
  if (requiresPython !== undefined) {
    if (!parseSpecifierSet(requiresPython)) r.fail(`invalid specifier ${JSON.stringify(requiresPython)}`, "requires-python");
    pkg.requiresPython = requiresPython;
  }
  r.tableArray("dependencies");
  r.tableArray("attestation-identities")?.forEach((a) => a.requiredString("kind"));
  const index = r.string("index");
  if (index !== undefined) pkg.index = index;
  const vcs = r.table("vcs");
  if (vcs) {
    pkg.vcs = { type: vcs.requiredString("type"), commitId: vcs.requiredString("commit-id") };
    for (const [key, field] of [["url", "url"], ["path", "path"], ["requested-revision", "requestedRevision"], ["subdirectory", "subdirectory"]] as const) {
      const value = vcs.string(key);
      if (value !== undefined) pkg.vcs[field] = key === "path" ? joinPath(dir, value) : value;
    }
    if (!pkg.vcs.url && !pkg.vcs.path) vcs.fail("a vcs source needs a path or a url");
  }
  const directory = r.table("directory");
  if (directory) {
    pkg.directory = { path: joinPath(dir, directory.requiredString("path")), editable: directory.boolean("editable") ?? false };
    const sub = directory.string("subdirectory");
    if (sub !== undefined) pkg.directory.subdirectory = sub;
  }
  const archive = r.table("archive");
  if (archive) {
    pkg.archive = fileName(archive, dir, "archive");
    const sub = archive.string("subdirectory");
    if (sub !== undefined) pkg.archive.subdirectory = sub;
  }
  const sdist = r.table("sdist");
  if (sdist) pkg.sdist = fileName(sdist, dir, "sdist");
  pkg.wheels = (r.tableArray("wheels") ?? []).map((w) => fileName(w, dir, "wheel"));
  const distributions = (pkg.sdist ? 1 : 0) + pkg.wheels.length;
  const direct = (pkg.vcs ? 1 : 0) + (pkg.directory ? 1 : 0) + (pkg.archive ? 1 : 0);
  if (distributions > 0 && direct > 0) r.fail("vcs, directory and archive cannot be set with sdist or wheels");
  if (distributions === 0 && direct !== 1) r.fail("exactly one of vcs, directory, archive must be set when there is no sdist or wheel");
  const fileVersions = (r.tableArray("wheels") ?? []).map((w, i) => checkFileName(w, pkg, pkg.wheels[i] as LockedFile, "wheel", version));
  if (sdist && pkg.sdist) fileVersions.push(checkFileName(sdist, pkg, pkg.sdist, "sdist", version));
  const locked = version !== undefined ? parseVersion(version) : parseVersion(fileVersions[0] ?? "");
  if (locked) pkg.version = formatVersion(locked);
  return pkg;
}

function located<T>(r: FieldReader, key: string, fn: () => T): T {
  try {
    return fn();
  } catch (error: unknown) {
    if (error instanceof PyvendorError) return r.fail(error.message, key);
    throw error;
  }
}

/**
 * Parses a pylock.toml. `options.file` names it in messages and anchors relative paths.
 * Throws E_PYLOCK_UNSUPPORTED_VERSION for a lock-version outside 1.x, and E_PYLOCK_INVALID (naming
 * the file and the key, e.g. "pylock.toml: packages[2].wheels[0]: ...") for anything the
 * specification does not allow: bad TOML, missing or mistyped keys, unnormalized names, invalid
 * versions/markers/specifiers, file names that do not match the package, or conflicting sources.
 */
export function parsePylock(text: string, options: { file: string }): Pylock {
  const file = options.file;
  let table: Table;
  try {
    table = parseToml(text) as Table;
  } catch (error: unknown) {
    if (!(error instanceof TomlError)) throw error;
    const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
    throw new PyvendorError("E_PYLOCK_INVALID", `${file}:${error.line}:${error.column}: not valid TOML: ${reason}`, {
      cause: error,
      data: { file, line: error.line, column: error.column },
    });
  }
  const r = fieldReader(table, file, "");
  const lockVersion = r.requiredString("lock-version");
  const parsedVersion = parseVersion(lockVersion) ?? r.fail(`invalid version ${JSON.stringify(lockVersion)}`, "lock-version");
  if (compareParsed(parsedVersion, { epoch: 0n, release: [1n] }) < 0 || compareParsed(parsedVersion, { epoch: 0n, release: [2n] }) >= 0) {
    throw new PyvendorError("E_PYLOCK_UNSUPPORTED_VERSION", `${file}: lock-version ${lockVersion} is not supported (pyvendor reads 1.x)`, {
      data: { file, lockVersion },
    });
  }
  const dir = path.posix.dirname(file);
  const lock: Pylock = {
    file,
    lockVersion,
    createdBy: r.requiredString("created-by"),
    environments: (r.stringArray("environments") ?? []).map((m, i) => located(r, `environments[${i}]`, () => parseMarker(m))),
    extras: r.stringArray("extras") ?? [],
    dependencyGroups: r.stringArray("dependency-groups") ?? [],
    defaultGroups: r.stringArray("default-groups") ?? [],
    packages: (r.tableArray("packages") ?? r.fail("is required", "packages")).map((p) => readPackage(p, dir)),
  };
  lock.extras.forEach((e, i) => isNormalizedName(e) || r.fail(`name ${JSON.stringify(e)} is not normalized`, `extras[${i}]`));
  const requiresPython = r.string("requires-python");
  if (requiresPython !== undefined) {
    if (!parseSpecifierSet(requiresPython)) r.fail(`invalid specifier ${JSON.stringify(requiresPython)}`, "requires-python");
    lock.requiresPython = requiresPython;
  }
  r.table("tool");
  return lock;
}
