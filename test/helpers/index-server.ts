// A real package index for tests: PEP 503 HTML and PEP 691 JSON on 127.0.0.1, counting requests.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
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

export interface IndexServerOptions {
  files: (string | IndexFile)[];
  /**
   * Called first for every request; return true when it has answered (fault injection,
   * auth checks). Requests are recorded before it runs.
   */
  intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
}

export interface IndexServer {
  /** Base URL of the simple index, e.g. http://127.0.0.1:40123/simple/ */
  url: string;
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
}

export function normalize(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

function projectOf(filename: string): string {
  if (filename.endsWith(".whl")) return normalize(filename.split("-")[0] ?? filename);
  const stem = filename.replace(/\.(tar\.gz|zip|tar\.bz2)$/, "");
  return normalize(stem.slice(0, stem.lastIndexOf("-")));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Requires-Python from a wheel's METADATA, read from the zip in memory. */
function wheelRequiresPython(body: Buffer): Promise<string | undefined> {
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
            const m = /^Requires-Python:[ \t]*(.+)$/m.exec(Buffer.concat(chunks).toString("utf8"));
            resolve(m?.[1]?.trim());
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
  const requiresPython = spec.requiresPython ?? (filename.endsWith(".whl") ? await wheelRequiresPython(body) : undefined);
  return {
    ...spec,
    requiresPython,
    filename,
    project: projectOf(filename),
    sha256: createHash("sha256").update(body).digest("hex"),
    body,
  };
}

function projectHtml(entries: Entry[]): string {
  const links = entries.map((e) => {
    const attrs = [`href="../../files/${encodeURIComponent(e.filename)}#sha256=${e.sha256}"`];
    if (e.requiresPython) attrs.push(`data-requires-python="${escapeHtml(e.requiresPython)}"`);
    if (e.yanked) attrs.push(`data-yanked="${typeof e.yanked === "string" ? escapeHtml(e.yanked) : ""}"`);
    return `<a ${attrs.join(" ")}>${escapeHtml(e.filename)}</a><br/>`;
  });
  return `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.1"></head><body>\n${links.join("\n")}\n</body></html>\n`;
}

function projectJson(project: string, entries: Entry[]): string {
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
    })),
  });
}

/** Starts the index on 127.0.0.1, port 0. */
export async function startIndexServer(options: IndexServerOptions): Promise<IndexServer> {
  const entries = new Map<string, Entry>();
  for (const e of await Promise.all(options.files.map(load))) entries.set(e.filename, e);
  const requests: RecordedRequest[] = [];

  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    try {
      if (options.intercept && (await options.intercept(req, res))) return;
      const url = new URL(req.url ?? "/", "http://index.invalid");
      const parts = url.pathname.split("/").filter(Boolean);
      const wantsJson = (req.headers.accept ?? "").includes("application/vnd.pypi.simple.v1+json");
      if (parts[0] === "simple" && parts.length === 1) {
        const projects = [...new Set([...entries.values()].map((e) => e.project))].sort();
        res.writeHead(200, { "content-type": "text/html" });
        res.end(projects.map((p) => `<a href="${p}/">${p}</a>`).join("\n"));
        return;
      }
      if (parts[0] === "simple" && parts.length === 2) {
        const project = parts[1] ?? "";
        if (normalize(project) !== project) {
          res.writeHead(301, { location: `/simple/${normalize(project)}/` });
          res.end();
          return;
        }
        const mine = [...entries.values()].filter((e) => e.project === project).sort((a, b) => (a.filename < b.filename ? -1 : 1));
        if (mine.length === 0) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("Not Found");
          return;
        }
        if (wantsJson) {
          res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json" });
          res.end(projectJson(project, mine));
        } else {
          res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+html" });
          res.end(projectHtml(mine));
        }
        return;
      }
      if (parts[0] === "files" && parts.length === 2) {
        const entry = entries.get(decodeURIComponent(parts[1] ?? ""));
        if (entry) {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": entry.body.length });
          res.end(entry.body);
          return;
        }
      }
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Not Found");
    } catch (err: unknown) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/simple/`,
    origin,
    requests,
    reset: () => {
      requests.length = 0;
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
