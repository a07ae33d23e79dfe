// Parsing simple-API project pages: PEP 503 HTML and PEP 691 JSON, with PEP 592/629/658/700/714 fields.
import { PyvendorError } from "../errors.js";
import { redactUrl } from "./redact.js";

/** One file link of a project page, with its URL resolved and its hash fragment taken off. */
export interface PageLink {
  /** Absolute URL without fragment and without userinfo. */
  url: string;
  filename: string;
  hashes: Record<string, string>;
  requiresPython?: string;
  /** false, or the reason ("" when none was given). */
  yanked: false | string;
  /** PEP 658/714: a `<url>.metadata` file exists; its hashes when the index gave them. */
  coreMetadata?: Record<string, string>;
  size?: number;
}

export interface SimplePage {
  links: PageLink[];
  /** PEP 629 / 691 api-version, e.g. "1.1", when the page states it. */
  apiVersion?: string;
}

export const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
/** PEP 691 negotiation: JSON preferred, HTML accepted. */
export const SIMPLE_ACCEPT = `${JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const m of tag.matchAll(re)) {
    const name = (m[1] ?? "").toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return out;
}

/** "sha256=abc" → { sha256: "abc" }; "true" → {}; anything else → undefined. */
function metadataAttr(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined || value === "false") return undefined;
  const m = /^([a-z0-9_]+)=([0-9a-f]+)$/i.exec(value);
  return m ? { [(m[1] ?? "").toLowerCase()]: (m[2] ?? "").toLowerCase() } : {};
}

function checkApiVersion(version: string | undefined, pageUrl: string): void {
  if (version !== undefined && !/^1(\.|$)/.test(version)) {
    throw new PyvendorError("E_INDEX_INVALID_RESPONSE", `${redactUrl(pageUrl)} uses simple API version ${version}; pyvendor reads 1.x`);
  }
}

/** Splits `href` resolved against `base` into a fragment-free URL and the hash from `#algo=hex`. */
function resolveLink(href: string, base: string): { url: string; filename: string; hashes: Record<string, string> } {
  const url = new URL(href, base);
  const hashes: Record<string, string> = {};
  const m = /^#([a-z0-9_]+)=([0-9a-f]+)$/i.exec(url.hash);
  if (m) hashes[(m[1] ?? "").toLowerCase()] = (m[2] ?? "").toLowerCase();
  url.hash = "";
  const filename = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
  return { url: redactUrl(url.href), filename, hashes };
}

/** Parses a PEP 503 HTML page (also a find-links page). `pageUrl`: where it was fetched from. */
export function parseSimpleHtml(html: string, pageUrl: string): SimplePage {
  const meta = /<meta\s[^>]*name=["']?pypi:repository-version["']?[^>]*>/i.exec(html);
  const apiVersion = meta ? attributes(meta[0]).get("content") : undefined;
  checkApiVersion(apiVersion, pageUrl);
  const baseTag = /<base\s[^>]*>/i.exec(html);
  const base = baseTag ? new URL(attributes(baseTag[0]).get("href") ?? "", pageUrl).href : pageUrl;
  const links: PageLink[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attrs = attributes(m[1] ?? "");
    const href = attrs.get("href");
    if (!href) continue;
    let resolved: ReturnType<typeof resolveLink>;
    try {
      resolved = resolveLink(href, base);
    } catch {
      continue;
    }
    const yanked = attrs.get("data-yanked");
    const metadata = metadataAttr(attrs.get("data-core-metadata") ?? attrs.get("data-dist-info-metadata"));
    links.push({
      ...resolved,
      ...(attrs.get("data-requires-python") ? { requiresPython: attrs.get("data-requires-python") } : {}),
      yanked: yanked === undefined ? false : yanked,
      ...(metadata ? { coreMetadata: metadata } : {}),
    });
  }
  return { links, ...(apiVersion ? { apiVersion } : {}) };
}

interface JsonFile {
  filename?: unknown;
  url?: unknown;
  hashes?: unknown;
  "requires-python"?: unknown;
  yanked?: unknown;
  size?: unknown;
  "core-metadata"?: unknown;
  "dist-info-metadata"?: unknown;
}

function jsonMetadata(value: unknown): Record<string, string> | undefined {
  if (value === true) return {};
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
  }
  return undefined;
}

/** Parses a PEP 691 JSON project page. Throws E_INDEX_INVALID_RESPONSE for malformed JSON. */
export function parseSimpleJson(text: string, pageUrl: string): SimplePage {
  let doc: { meta?: { "api-version"?: unknown }; files?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err: unknown) {
    throw new PyvendorError("E_INDEX_INVALID_RESPONSE", `${redactUrl(pageUrl)} is not valid JSON`, { cause: err });
  }
  const apiVersion = typeof doc.meta?.["api-version"] === "string" ? doc.meta["api-version"] : undefined;
  checkApiVersion(apiVersion, pageUrl);
  if (!Array.isArray(doc.files)) {
    throw new PyvendorError("E_INDEX_INVALID_RESPONSE", `${redactUrl(pageUrl)} has no "files" list`);
  }
  const links: PageLink[] = [];
  for (const f of doc.files as JsonFile[]) {
    if (typeof f.url !== "string" || typeof f.filename !== "string") continue;
    const resolved = resolveLink(f.url, pageUrl);
    const hashes = { ...resolved.hashes };
    if (f.hashes && typeof f.hashes === "object") {
      for (const [k, v] of Object.entries(f.hashes)) if (typeof v === "string") hashes[k.toLowerCase()] = v.toLowerCase();
    }
    const metadata = jsonMetadata(f["core-metadata"] ?? f["dist-info-metadata"]);
    links.push({
      url: resolved.url,
      filename: f.filename,
      hashes,
      ...(typeof f["requires-python"] === "string" && f["requires-python"] ? { requiresPython: f["requires-python"] } : {}),
      yanked: f.yanked === true ? "" : typeof f.yanked === "string" ? f.yanked : false,
      ...(typeof f.size === "number" ? { size: f.size } : {}),
      ...(metadata ? { coreMetadata: metadata } : {}),
    });
  }
  return { links, ...(apiVersion ? { apiVersion } : {}) };
}
