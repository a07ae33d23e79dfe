// --find-links locations: local directories, local HTML files, and http(s) pages of links.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isErrno } from "../errors.js";
import { HttpFailure } from "./http-client.js";
import { requestError, type IndexContext } from "./index-context.js";
import { readBody } from "./project-page.js";
import { redactUrl } from "./redact.js";
import { retryingGet } from "./retrying-get.js";
import { parseSimpleHtml, type PageLink } from "./simple-page.js";

/** True for a location that needs no network (a path or file: URL). */
export function isLocalLocation(location: string): boolean {
  return !/^https?:/i.test(location);
}

/** A credential-free name of the location for records and messages. */
export function locationName(location: string): string {
  return isLocalLocation(location) && !location.startsWith("file:") ? path.resolve(location) : redactUrl(location);
}

/**
 * Every link a find-links location offers (all projects; callers filter by filename).
 * Directories list their files (no hashes); HTML files and pages are parsed like PEP 503
 * pages. A local location that does not exist gives a warning event and no links (as pip does).
 * Remote pages are fetched with retries; failures throw like project pages do.
 */
export async function listFindLinks(ctx: IndexContext, location: string): Promise<PageLink[]> {
  if (!isLocalLocation(location)) {
    try {
      return await retryingGet(ctx.http, location, {
        accept: "text/html",
        retry: ctx.retry(`${redactUrl(location)} (find-links)`),
        consume: async (res) => parseSimpleHtml(await readBody(res, location), res.url).links,
      });
    } catch (err: unknown) {
      if (!(err instanceof HttpFailure)) throw err;
      throw requestError(err, { kind: "page", url: redactUrl(location), what: "the find-links page" });
    }
  }
  const file = location.startsWith("file:") ? fileURLToPath(location) : path.resolve(location);
  let isDir: boolean;
  try {
    isDir = (await stat(file)).isDirectory();
  } catch (err: unknown) {
    if (!isErrno(err, "ENOENT")) throw err;
    ctx.events({ type: "warning", message: `Find-links location ${file} does not exist; ignoring it` });
    return [];
  }
  if (!isDir) return parseSimpleHtml(await readFile(file, "utf8"), pathToFileURL(file).href).links;
  const links: PageLink[] = [];
  for (const name of (await readdir(file)).sort()) {
    links.push({ url: pathToFileURL(path.join(file, name)).href, filename: name, hashes: {}, yanked: false });
  }
  return links;
}
