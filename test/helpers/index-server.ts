// A real package index for tests: PEP 503 HTML and PEP 691 JSON on 127.0.0.1, counting requests.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import yauzl from "yauzl";

export interface IndexFile {
  /** Path of the distribution on disk. */
  path: string;
  /** Value of data-requires-python / requires-python, if any. */
  requiresPython?: string;
  /** PEP 592: true or a reason string. */
  yanked?: boolean | string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** What a fault-injecting server does instead of (or to) its normal answer. */
export type Fault =
  /** Close the connection without answering. */
  | { kind: "drop" }
  /** Answer with this status (and Retry-After, if given) instead. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** Never answer (the client's timeout must fire). */
  | { kind: "stall" }
  /** Send the headers and half the body, then stall. */
  | { kind: "stall-body" }
  /** Send the full Content-Length header, half the body, then close the connection. */
  | { kind: "truncate" }
  /** Send the same number of bytes, but different ones. */
  | { kind: "wrong-bytes" };

export interface FaultRequest {
  method: string;
  /** Path of the request, e.g. /files/x.whl or /simple/x/. */
  path: string;
  /** 1-based count of requests to this path so far, this one included. */
  count: number;
}

export interface IndexServerOptions {
  files: (string | IndexFile)[];
  /** Fault injection: called for every request that intercept did not answer. */
  faults?: (req: FaultRequest) => Fault | undefined;
  /** Require HTTP basic auth with these credentials on every path (401 otherwise). */
  auth?: { username: string; password: string };
  /**
   * PEP 658/714 metadata files for wheels: served at <file>.metadata and advertised with
   * data-core-metadata ("core"), the older data-dist-info-metadata ("dist-info"), or both.
   */
  metadata?: "core" | "dist-info" | "both";
  /** "html": ignore Accept and always answer PEP 503 HTML (an index without PEP 691). */
  format?: "negotiate" | "html";
  /** Serve over https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /**
   * Called first for every request; return true when it has answered (fault injection,
   * auth checks). Requests are recorded before it runs.
   */
  intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
  /** Port on 127.0.0.1 (default 0: any free one). */
  port?: number;
}

export interface IndexServer {
  /** Base URL of the simple index, e.g. http://127.0.0.1:40123/simple/ */
  url: string;
  /** A flat find-links page listing every file: <origin>/links/ */
  linksUrl: string;
  /** Origin, e.g. http://127.0.0.1:40123 */
  origin: string;
  /** Every request received since start or the last reset(). */
  requests: RecordedRequest[];
  reset(): void;
  /** Adds or replaces files while running. */
  addFiles(files: (string | IndexFile)[]): Promise<void>;
  stop(): Promise<void>;
}

interface Entry extends IndexFile {
  filename: string;
  project: string;
  sha256: string;
  body: Buffer;
  /** METADATA of a wheel, for PEP 658. */
  metadata?: Buffer;
}

interface Answer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

export function normalize(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

function projectOf(filename: string): string {
  if (filename.endsWith(".whl")) return normalize(filename.split("-")[0] ?? filename);
  const stem = filename.replace(/\.(tar\.gz|zip|tar\.bz2|tar\.xz)$/, "");
  return normalize(stem.slice(0, stem.lastIndexOf("-")));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A wheel's METADATA, read from the zip in memory. */
function wheelMetadata(body: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(body, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!/^[^/]+\.dist-info\/METADATA$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return resolve(undefined);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            zip.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      zip.on("end", () => resolve(undefined));
      zip.readEntry();
    });
  });
}

async function load(file: string | IndexFile): Promise<Entry> {
  const spec = typeof file === "string" ? { path: file } : file;
  const body = await readFile(spec.path);
  const filename = path.basename(spec.path);
  const metadata = filename.endsWith(".whl") ? await wheelMetadata(body) : undefined;
  const fromMetadata = metadata ? /^Requires-Python:[ \t]*(.+)$/m.exec(metadata.toString("utf8"))?.[1]?.trim() : undefined;
  const requiresPython = spec.requiresPython ?? fromMetadata;
  return {
    ...spec,
    requiresPython,
    metadata,
    filename,
    project: projectOf(filename),
    sha256: createHash("sha256").update(body).digest("hex"),
    body,
  };
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function projectHtml(entries: Entry[], options: IndexServerOptions, prefix = "../../files/"): string {
  const links = entries.map((e) => {
    const attrs = [`href="${prefix}${encodeURIComponent(e.filename)}#sha256=${e.sha256}"`];
    if (e.requiresPython) attrs.push(`data-requires-python="${escapeHtml(e.requiresPython)}"`);
    if (e.yanked) attrs.push(`data-yanked="${typeof e.yanked === "string" ? escapeHtml(e.yanked) : ""}"`);
    if (e.metadata && (options.metadata === "core" || options.metadata === "both")) {
      attrs.push(`data-core-metadata="sha256=${sha256(e.metadata)}"`);
    }
    if (e.metadata && (options.metadata === "dist-info" || options.metadata === "both")) {
      attrs.push(`data-dist-info-metadata="sha256=${sha256(e.metadata)}"`);
    }
    return `<a ${attrs.join(" ")}>${escapeHtml(e.filename)}</a><br/>`;
  });
  return `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.1"></head><body>\n${links.join("\n")}\n</body></html>\n`;
}

function projectJson(project: string, entries: Entry[], options: IndexServerOptions): string {
  return JSON.stringify({
    meta: { "api-version": "1.1" },
    name: project,
    versions: [],
    files: entries.map((e) => ({
      filename: e.filename,
      url: `../../files/${encodeURIComponent(e.filename)}`,
      hashes: { sha256: e.sha256 },
      size: e.body.length,
      ...(e.requiresPython ? { "requires-python": e.requiresPython } : {}),
      ...(e.yanked ? { yanked: e.yanked } : {}),
      ...(e.metadata && options.metadata && options.metadata !== "dist-info" ? { "core-metadata": { sha256: sha256(e.metadata) } } : {}),
      ...(e.metadata && (options.metadata === "dist-info" || options.metadata === "both") ? { "dist-info-metadata": { sha256: sha256(e.metadata) } } : {}),
    })),
  });
}

/** Starts the index on 127.0.0.1, port 0. */
export async function startIndexServer(options: IndexServerOptions): Promise<IndexServer> {
  const entries = new Map<string, Entry>();
  for (const e of await Promise.all(options.files.map(load))) entries.set(e.filename, e);
  const requests: RecordedRequest[] = [];

  const counts = new Map<string, number>();

  /** The normal answer to a request. */
  const route = (req: http.IncomingMessage): Answer => {
    const url = new URL(req.url ?? "/", "http://index.invalid");
    const parts = url.pathname.split("/").filter(Boolean);
    const wantsJson = options.format !== "html" && (req.headers.accept ?? "").includes("application/vnd.pypi.simple.v1+json");
    const notFound: Answer = { status: 404, headers: { "content-type": "text/plain" }, body: Buffer.from("Not Found") };
    const text = (type: string, body: string): Answer => ({ status: 200, headers: { "content-type": type }, body: Buffer.from(body) });
    if (parts[0] === "simple" && parts.length === 1) {
      const projects = [...new Set([...entries.values()].map((e) => e.project))].sort();
      return text("text/html", projects.map((p) => `<a href="${p}/">${p}</a>`).join("\n"));
    }
    if (parts[0] === "links" && parts.length === 1) {
      return text("text/html", projectHtml([...entries.values()], options, "../files/"));
    }
    if (parts[0] === "simple" && parts.length === 2) {
      const project = parts[1] ?? "";
      if (normalize(project) !== project) {
        return { status: 301, headers: { location: `/simple/${normalize(project)}/` }, body: Buffer.alloc(0) };
      }
      const mine = [...entries.values()].filter((e) => e.project === project).sort((a, b) => (a.filename < b.filename ? -1 : 1));
      if (mine.length === 0) return notFound;
      return wantsJson
        ? text("application/vnd.pypi.simple.v1+json", projectJson(project, mine, options))
        : text("application/vnd.pypi.simple.v1+html", projectHtml(mine, options));
    }
    if (parts[0] === "files" && parts.length === 2) {
      const name = decodeURIComponent(parts[1] ?? "");
      const entry = entries.get(name);
      if (entry) return { status: 200, headers: { "content-type": "application/octet-stream" }, body: entry.body };
      const meta = name.endsWith(".metadata") ? entries.get(name.slice(0, -".metadata".length)) : undefined;
      if (meta?.metadata && options.metadata) return { status: 200, headers: { "content-type": "text/plain" }, body: meta.metadata };
    }
    return notFound;
  };

  const authorized = (req: http.IncomingMessage): boolean => {
    if (!options.auth) return true;
    const expected = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64")}`;
    return req.headers.authorization === expected;
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    try {
      if (options.intercept && (await options.intercept(req, res))) return;
      if (!authorized(req)) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test index"', "content-type": "text/plain" });
        res.end("Unauthorized");
        return;
      }
      const urlPath = new URL(req.url ?? "/", "http://index.invalid").pathname;
      const count = (counts.get(urlPath) ?? 0) + 1;
      counts.set(urlPath, count);
      const fault = options.faults?.({ method: req.method ?? "GET", path: urlPath, count });
      const answer = route(req);
      const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
      const headers = { ...answer.headers, "content-length": answer.body.length };
      switch (fault?.kind) {
        case "drop":
          req.socket.destroy();
          return;
        case "stall":
          return;
        case "status":
          res.writeHead(fault.status, { "content-type": "text/plain", ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}) });
          res.end(`injected ${fault.status}`);
          return;
        case "stall-body":
          res.writeHead(answer.status, headers);
          res.write(half);
          return;
        case "truncate":
          res.writeHead(answer.status, headers);
          res.write(half, () => req.socket.destroy());
          return;
        case "wrong-bytes": {
          const wrong = Buffer.from(answer.body);
          for (let i = 0; i < wrong.length; i += 97) wrong[i] = (wrong[i] ?? 0) ^ 0xff;
          res.writeHead(answer.status, headers);
          res.end(wrong);
          return;
        }
        default:
          res.writeHead(answer.status, headers);
          res.end(answer.body);
      }
    } catch (err: unknown) {
      res.writeHead(500);
      res.end(String(err));
    }
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    url: `${origin}/simple/`,
    linksUrl: `${origin}/links/`,
    origin,
    requests,
    reset: () => {
      requests.length = 0;
      counts.clear();
    },
    addFiles: async (files) => {
      for (const e of await Promise.all(files.map(load))) entries.set(e.filename, e);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
