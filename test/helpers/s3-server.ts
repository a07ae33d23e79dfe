// A real S3-compatible server for tests: s3rver on 127.0.0.1 behind a proxy that logs requests and injects faults.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * What the proxy does instead of forwarding: answer 500 or 403 (to everything, or to PUTs only),
 * be gone (it stops listening: connections are refused), never answer (the client's timeout must
 * fire), lie about what a PUT stored (ETag), or refuse conditional PUTs with 501 (an older
 * S3-compatible service).
 */
export type S3Fault = "none" | "500" | "403" | "403-put" | "down" | "stall" | "wrong-etag" | "no-conditional";

export interface S3Request {
  method: string;
  /** Path without the query, e.g. /bucket/prefix/content-v1/… */
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
}

export interface S3TestServer {
  /** The proxy's URL: give it as the endpoint. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  /** A secret nobody else uses, so tests can look for it in output. */
  secretAccessKey: string;
  /** Every request the proxy received, in order. */
  requests: S3Request[];
  /** Switches the fault now (resolves once the proxy listens again after "down"). */
  setFault(fault: S3Fault): Promise<void>;
  /** Lets `n` more requests through, then switches to `fault` (a server stopping mid-run). */
  faultAfter(n: number, fault: S3Fault): void;
  /** Environment for a worker using this server: AWS credentials and PYVENDOR_S3_*. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Every object key in the bucket (asked of s3rver directly, so not logged). */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface AccountModule {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
}

const require = createRequire(import.meta.url);
const XML = { "content-type": "application/xml" };
const error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/**
 * Starts s3rver (files in a temp directory, one bucket) and a logging, fault-injecting proxy in
 * front of it. The proxy also answers conditional PUTs (If-None-Match: *) the way AWS S3 does
 * (412 when the key exists), which s3rver ignores, and answers a PUT only once the object is
 * readable whole (read-after-write, as S3). s3rver checks the access key id but not SigV4
 * signatures.
 */
export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const S3rver = require("s3rver") as S3rverClass;
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as AccountModule;
  const accessKeyId = "AKIAPYVENDORTEST0001";
  const secretAccessKey = `pv-secret-${Math.random().toString(36).slice(2)}-do-not-print`;
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const bucket = options.bucket ?? "pyvendor-cache";
  const dir = await mkdtemp(path.join(os.tmpdir(), "pyvendor-s3rver-"));
  const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
  const backend = await s3rver.run();
  const requests: S3Request[] = [];
  let fault: S3Fault = "none";
  let pending: { after: number; fault: S3Fault } | undefined;

  const forward = (req: http.IncomingMessage, method: string, body: Buffer | undefined) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers };
      if (body === undefined) {
        // A HEAD made from a PUT: without the PUT's body headers, or s3rver would wait for a body.
        for (const h of ["content-length", "content-md5", "content-type", "transfer-encoding", "if-none-match"]) delete headers[h];
      }
      const out = http.request({ host: "127.0.0.1", port: backend.port, method, path: req.url, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      out.on("error", reject);
      out.end(body);
    });

  /**
   * s3rver answers a PUT before its file is fully written (and writes in place); S3 makes a new
   * object readable, whole, once the PUT is answered. Waits until s3rver shows the full length.
   */
  const untilVisible = async (req: http.IncomingMessage, size: number) => {
    for (let i = 0; i < 200; i++) {
      const head = await forward(req, "HEAD", undefined);
      if (head.status === 200 && Number(head.headers["content-length"]) === size) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const record = (status: number) => requests.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0] ?? "", status, headers: req.headers });
        if (pending && pending.after-- <= 0) {
          fault = pending.fault;
          pending = undefined;
        }
        if (fault === "down") {
          // Stop listening (new connections are refused) and drop this one unanswered.
          record(0);
          if (proxy.listening) proxy.close();
          req.socket.destroy();
          proxy.closeAllConnections();
          return;
        }
        if (fault === "stall") {
          record(0);
          return;
        }
        const denied = fault === "403" || (fault === "403-put" && req.method === "PUT");
        if (fault === "500" || denied) {
          const status = denied ? 403 : 500;
          record(status);
          res.writeHead(status, XML);
          res.end(req.method === "HEAD" ? undefined : denied ? error("AccessDenied", "Access Denied") : error("InternalError", "We encountered an internal error. Please try again."));
          return;
        }
        if (fault === "no-conditional" && req.method === "PUT" && req.headers["if-none-match"] !== undefined) {
          record(501);
          res.writeHead(501, XML);
          res.end(error("NotImplemented", "A header you provided implies functionality that is not implemented"));
          return;
        }
        if (req.method === "PUT" && req.headers["if-none-match"] === "*") {
          const head = await forward(req, "HEAD", undefined);
          if (head.status === 200) {
            record(412);
            res.writeHead(412, XML);
            res.end(error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"));
            return;
          }
        }
        const body = Buffer.concat(chunks);
        const answer = await forward(req, req.method ?? "GET", body);
        if (req.method === "PUT" && answer.status === 200) await untilVisible(req, body.length);
        record(answer.status);
        const headers = { ...answer.headers };
        if (fault === "wrong-etag" && req.method === "PUT") headers.etag = '"00000000000000000000000000000000"';
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const port = (proxy.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    requests,
    async setFault(f) {
      fault = f;
      pending = undefined;
      if (f === "down" && proxy.listening) {
        proxy.close();
        proxy.closeAllConnections();
      }
      if (f !== "down" && !proxy.listening) await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
    },
    faultAfter(n, f) {
      pending = { after: n, fault: f };
    },
    env(extra = {}) {
      return {
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PYVENDOR_S3_BUCKET: bucket,
        PYVENDOR_S3_ENDPOINT_URL: endpoint,
        PYVENDOR_S3_RETRIES: "0",
        ...extra,
      };
    },
    async keys() {
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      const { S3Client, ListObjectsV2Command } = await import("@aws-sdk/client-s3");
      const client = new S3Client({
        endpoint: `http://127.0.0.1:${backend.port}`,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId, secretAccessKey },
      });
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
        for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
        token = page.NextContinuationToken;
      } while (token);
      client.destroy();
      return out.sort();
    },
    async stop() {
      proxy.closeAllConnections();
      if (proxy.listening) await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
