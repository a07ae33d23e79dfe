// Fetching one project's page from an index (PEP 691 JSON preferred, PEP 503 HTML accepted).
import { HttpFailure, type HttpResponse } from "./http-client.js";
import { requestError, type IndexContext } from "./index-context.js";
import { redactUrl } from "./redact.js";
import { retryingGet } from "./retrying-get.js";
import { JSON_TYPE, parseSimpleHtml, parseSimpleJson, SIMPLE_ACCEPT, type SimplePage } from "./simple-page.js";

/**
 * Reads a whole response body. A body shorter than Content-Length, or cut by the connection
 * closing, throws HttpFailure{truncated} (retried by retryingGet).
 */
export async function readBodyBytes(res: HttpResponse, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const declared = Number(res.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared !== size) throw new HttpFailure({ kind: "truncated" }, url);
  return Buffer.concat(chunks);
}

/** readBodyBytes as UTF-8 text. */
export async function readBody(res: HttpResponse, url: string): Promise<string> {
  return (await readBodyBytes(res, url)).toString("utf8");
}

/** Parses a page by its Content-Type (JSON only when the server says so). */
export function parsePage(res: HttpResponse, text: string): SimplePage {
  const type = String(res.headers["content-type"] ?? "").toLowerCase();
  const json = type.includes(JSON_TYPE) || /^application\/(json|vnd\.pypi\.simple\.[a-z0-9]+\+json)/.test(type);
  return json ? parseSimpleJson(text, res.url) : parseSimpleHtml(text, res.url);
}

/**
 * The page of normalized `project` on the index at `indexUrl` (with trailing slash; may carry
 * credentials), or undefined when the index answers 404/410 (it does not have the project).
 * Throws E_AUTH_REQUIRED (401), E_FORBIDDEN (403), E_INDEX_ERROR (other statuses, after retries),
 * E_INDEX_UNREACHABLE (network), E_INDEX_INVALID_RESPONSE (unreadable page).
 */
export async function fetchProjectPage(ctx: IndexContext, indexUrl: string, project: string): Promise<SimplePage | undefined> {
  const url = `${indexUrl}${project}/`;
  try {
    return await retryingGet(ctx.http, url, {
      accept: SIMPLE_ACCEPT,
      retry: ctx.retry(`${project} (index page)`),
      consume: async (res) => parsePage(res, await readBody(res, url)),
    });
  } catch (err: unknown) {
    if (!(err instanceof HttpFailure)) throw err;
    if (err.failure.kind === "status" && (err.failure.status === 404 || err.failure.status === 410)) return undefined;
    throw requestError(err, { kind: "page", url: redactUrl(url), what: `project ${project}` });
  }
}
