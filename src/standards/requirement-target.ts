// What a requirements-file line names: a PEP 508 requirement, a URL, or a local archive path.
import path from "node:path";
import { PyvendorError } from "../errors.js";
import { parseMarker, type Marker } from "./markers.js";
import { normalizeName } from "./names.js";
import { formatVersion, parseVersion } from "./pep440.js";
import { sortedUnique } from "./py-text.js";
import { parseRequirement, type Requirement } from "./requirement.js";
import { parseWheelFilename } from "./tags.js";

const posix = path.posix;

/**
 * The requirement of a line, and where its file is: `path` for a local file (joined to the
 * including file's directory), `url` for a remote one.
 */
export interface LineTarget {
  requirement: Requirement;
  path?: string;
  url?: string;
}

const ARCHIVE_EXTENSIONS = [".whl", ".tar.gz", ".zip", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"];
const URL_SCHEMES = new Set(["http", "https", "file", "ftp"]);
const VCS_RE = /^(?:git|hg|svn|bzr)(?:\+[a-z]+)?$/;

/** True when `text` starts with a URL scheme pip knows (http, https, file, ftp, VCS). */
export function isUrl(text: string): boolean {
  const colon = text.indexOf(":");
  if (colon < 0) return false;
  const scheme = text.slice(0, colon).toLowerCase();
  return URL_SCHEMES.has(scheme) || VCS_RE.test(scheme);
}

function archiveExtension(file: string): string | undefined {
  const lower = file.toLowerCase();
  return ARCHIVE_EXTENSIONS.find((ext) => lower.endsWith(ext));
}

/**
 * Project name and version from an archive's file name: wheels by the wheel naming rules, sdists
 * and other archives as `name-version.<ext>`. Throws a plain Error with the reason.
 */
function nameAndVersion(filename: string): { name: string; version: string } {
  if (filename.toLowerCase().endsWith(".whl")) return parseWheelFilename(filename);
  const ext = archiveExtension(filename) ?? "";
  const stem = filename.slice(0, filename.length - ext.length);
  const dash = stem.lastIndexOf("-");
  const version = dash > 0 ? parseVersion(stem.slice(dash + 1)) : undefined;
  if (!version) throw new Error(`cannot tell the project name and version from the file name ${filename}`);
  return { name: normalizeName(stem.slice(0, dash)), version: formatVersion(version) };
}

/** "file:///abs/x.whl" → "/abs/x.whl"; "file:rel/x.whl" → "rel/x.whl" (percent-decoded). */
export function fileUrlToPath(url: string): string {
  const rest = url.slice("file:".length).replace(/[?#].*$/, "");
  const withoutHost = rest.startsWith("//") ? rest.replace(/^\/\/[^/]*/, "") : rest;
  return decodeURIComponent(withoutHost);
}

// An archive named by path or URL stands for "name==version" of the project in its file name.
function archiveRequirement(file: string, extras: string[], marker: Marker | undefined): Requirement {
  const { name, version } = nameAndVersion(posix.basename(file));
  const requirement: Requirement = { name, extras: sortedUnique(extras.map(normalizeName)), specifier: `==${version}` };
  if (extras.length > 0) requirement.extrasAsWritten = sortedUnique(extras);
  if (marker) requirement.marker = marker;
  return requirement;
}

function urlFragmentName(url: string): string | undefined {
  return /[#&]egg=([^&]+)/.exec(url)?.[1];
}

/**
 * Interprets the requirement part of a line (pip's rules, without touching the disk): a URL
 * (markers after "; "), a path to an archive (extras in [...] allowed, markers after ";"), or a
 * PEP 508 requirement whose `file:` or scheme-less direct reference becomes a path. An archive
 * stands for name==version from its file name; a `#egg=name` URL for that name. Relative
 * paths are joined to `baseDir`. Throws PyvendorError (E_INVALID_REQUIREMENT / E_INVALID_MARKER)
 * or a plain Error whose message says why the line names nothing pyvendor can use.
 */
export function interpretRequirement(args: string, baseDir: string): LineTarget {
  const markerSep = isUrl(args) ? "; " : ";";
  const at = args.indexOf(markerSep);
  let location = (at >= 0 ? args.slice(0, at) : args).trim();
  const markerText = at >= 0 ? args.slice(at + markerSep.length).trim() : "";
  const marker = (): Marker | undefined => (markerText ? parseMarker(markerText) : undefined);
  if (isUrl(location)) {
    if (location.toLowerCase().startsWith("file:")) {
      const file = joinPath(baseDir, fileUrlToPath(location));
      return { requirement: archiveRequirement(file, [], marker()), path: file };
    }
    const pathname = new URL(location).pathname;
    const egg = urlFragmentName(location);
    if (archiveExtension(pathname)) {
      const filename = decodeURIComponent(pathname.split("/").pop() ?? "");
      try {
        return { requirement: archiveRequirement(filename, [], marker()), url: location };
      } catch (error: unknown) {
        if (!egg) throw error;
      }
    }
    if (!egg) throw new Error(`cannot tell the project name from the URL ${location}; write it as "name @ ${location}"`);
    const requirement: Requirement = parseRequirement(egg);
    const parsedMarker = marker();
    if (parsedMarker) requirement.marker = parsedMarker;
    return { requirement, url: location };
  }
  const extrasMatch = /^(.+)(\[[^\]]+\])$/.exec(location);
  const extras = extrasMatch ? (extrasMatch[2] as string).slice(1, -1).split(",").map((e) => e.trim()) : [];
  if (extrasMatch) location = extrasMatch[1] as string;
  const looksLikePath = (text: string) => text.includes("/") || text.startsWith(".");
  const atSign = location.indexOf("@");
  const pep508Url = atSign >= 0 && !looksLikePath(location.slice(0, atSign));
  if (archiveExtension(location) && !pep508Url) {
    const file = joinPath(baseDir, location);
    return { requirement: archiveRequirement(file, extras, marker()), path: file };
  }
  if (looksLikePath(location) && !pep508Url) {
    throw new Error(`${location} is not an archive (.whl, .tar.gz, .zip); pyvendor cannot bundle a local directory`);
  }
  return directReference(parseRequirement(args), baseDir);
}

/** Joins like os.path.join: an absolute `file` stands alone. */
export function joinPath(baseDir: string, file: string): string {
  return file.startsWith("/") ? posix.normalize(file) : posix.join(baseDir, file);
}

function directReference(requirement: Requirement, baseDir: string): LineTarget {
  const url = requirement.url;
  if (url === undefined) return { requirement };
  if (url.toLowerCase().startsWith("file:")) return { requirement, path: joinPath(baseDir, fileUrlToPath(url)) };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return { requirement, path: joinPath(baseDir, url) };
  return { requirement, url };
}

/** Wraps a failure of interpretRequirement with the file and line it came from. */
export function lineError(error: unknown, where: string): unknown {
  if (error instanceof PyvendorError) {
    return new PyvendorError(error.code, `${where}: ${error.message}`, { cause: error.cause, data: { ...error.data } });
  }
  if (error instanceof Error) return new PyvendorError("E_REQUIREMENTS_SYNTAX", `${where}: ${error.message}`);
  return error;
}
