// The HTTP edge: GET with credentials, proxies (CONNECT for https), custom CAs, timeouts and redirects.
import { createReadStream, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type Socket } from "node:net";
import { Readable } from "node:stream";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { PyvendorError, isErrno } from "../errors.js";
import { basicAuth, credentialsOf, type CredentialLookup, type Credentials } from "./credentials.js";
import { proxyFor } from "./proxy.js";
import { redactUrl } from "./redact.js";
import { describeFailure, type Failure } from "./retry.js";
import type { IndexSettings } from "./settings.js";
import { checkTransport, isTrustedHost, tlsError } from "./transport.js";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body; errors on it are HttpFailure (timeout, truncation) or socket errors. */
  body: Readable;
  /** The final URL after redirects, without userinfo. */
  url: string;
}

/** A failed attempt the retry policy can judge. The message never contains credentials. */
export class HttpFailure extends Error {
  /** How many attempts were made before giving up (set by retryingGet). */
  attempts = 1;
  /** The URL asked, without userinfo. */
  readonly url: string;
  constructor(
    readonly failure: Failure,
    url: string,
  ) {
    super(`${describeFailure(failure)} (${redactUrl(url)})`);
    this.name = "HttpFailure";
    this.url = redactUrl(url);
  }
}

export interface HttpClient {
  /**
   * GET `url` (credentials in its userinfo are used and never shown). Resolves with any status
   * (redirects followed, at most 10); rejects with HttpFailure for socket errors and timeouts,
   * PyvendorError E_TLS / E_INSECURE_INDEX / E_AUTH_REQUIRED (proxy) otherwise.
   */
  get(url: string, options?: { accept?: string }): Promise<HttpResponse>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = "pyvendor/0.1";

interface Hop {
  url: URL;
  credentials?: Credentials;
  accept: string;
}

/** Creates a client for the settings; `credentials` finds credentials for URLs without userinfo. */
export function createHttpClient(settings: IndexSettings, credentials: CredentialLookup): HttpClient {
  let ca: string[] | undefined;
  const caList = (): string[] | undefined => {
    if (ca === undefined && (settings.cert || settings.extraCaCerts)) {
      ca = [...tls.rootCertificates];
      for (const file of [settings.extraCaCerts, settings.cert]) {
        if (!file) continue;
        try {
          ca.push(readFileSync(file, "utf8"));
        } catch (err: unknown) {
          throw new PyvendorError("E_CONFIG", `Cannot read the CA bundle ${file}`, { cause: err });
        }
      }
    }
    return ca;
  };
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: settings.jobs * 2 });
  let httpsAgent: https.Agent | undefined;
  let trustedAgent: https.Agent | undefined;
  const agentFor = (url: URL) => {
    if (url.protocol === "http:") return httpAgent;
    if (isTrustedHost(url, settings.trustedHosts)) {
      trustedAgent ??= new https.Agent({ keepAlive: true, rejectUnauthorized: false });
      return trustedAgent;
    }
    httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: settings.jobs * 2, ca: caList() });
    return httpsAgent;
  };

  async function once(hop: Hop): Promise<http.IncomingMessage> {
    const { url } = hop;
    const headers: http.OutgoingHttpHeaders = { "user-agent": USER_AGENT, accept: hop.accept, "accept-encoding": "identity" };
    if (hop.credentials) headers.authorization = basicAuth(hop.credentials);
    const proxy = proxyFor(url, settings.proxy);
    const target = `${url.protocol}//${url.host}${url.pathname}${url.search}`;
    let options: https.RequestOptions;
    let mod: typeof http | typeof https = url.protocol === "https:" ? https : http;
    if (!proxy) {
      options = { hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port || undefined, path: `${url.pathname}${url.search}`, agent: agentFor(url) };
    } else if (url.protocol === "http:") {
      // Plain http through a proxy: an absolute-URI request to the proxy itself.
      const p = new URL(proxy);
      const pc = credentialsOf(p);
      if (pc) headers["proxy-authorization"] = basicAuth(pc);
      headers.host = url.host;
      mod = p.protocol === "https:" ? https : http;
      options = { hostname: p.hostname, port: p.port || undefined, path: target, agent: false, ca: caList() };
    } else {
      const socket = await tunnel(new URL(proxy), url, settings.timeoutMs);
      const trusted = isTrustedHost(url, settings.trustedHosts);
      options = {
        hostname: url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        createConnection: () =>
          tls.connect({
            socket,
            // SNI carries host names only (RFC 6066); certificate checks still use the hostname.
            ...(isIP(url.hostname.replace(/^\[(.*)\]$/, "$1")) ? {} : { servername: url.hostname }),
            host: url.hostname,
            ca: caList(),
            rejectUnauthorized: !trusted,
          }),
      };
    }
    return new Promise((resolve, reject) => {
      const req = mod.request({ ...options, method: "GET", headers });
      let response: http.IncomingMessage | undefined;
      req.setTimeout(settings.timeoutMs, () => {
        const err = new HttpFailure({ kind: "timeout" }, url.href);
        response?.destroy(err);
        req.destroy(err);
      });
      req.on("error", (err: Error) => reject(classify(err, url)));
      req.on("response", (res) => {
        response = res;
        // Readers attach their own handlers; this one only keeps a late socket error on a body
        // nobody reads (a drained error page) from becoming an uncaught exception.
        res.on("error", () => undefined);
        resolve(res);
      });
      req.end();
    });
  }

  async function get(raw: string, options: { accept?: string } = {}): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new PyvendorError("E_CONFIG", `Not a valid URL: ${redactUrl(raw)}`);
    }
    const explicit = credentialsOf(url);
    const origin = url.origin;
    url.username = "";
    url.password = "";
    for (let hops = 0; ; hops++) {
      if (url.protocol === "file:") return getFile(url);
      checkTransport(url, settings.trustedHosts);
      const creds = explicit && url.origin === origin ? explicit : credentials(url);
      const res = await once({ url, credentials: creds, accept: options.accept ?? "*/*" });
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location && hops < 10) {
        res.resume();
        url = new URL(location, url);
        continue;
      }
      return { status: res.statusCode ?? 0, headers: res.headers, body: res, url: redactUrl(url.href) };
    }
  }

  return {
    get,
    close: () => {
      httpAgent.destroy();
      httpsAgent?.destroy();
      trustedAgent?.destroy();
    },
  };
}

/** Opens a CONNECT tunnel through `proxy` to `target`'s host and port. */
function tunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  const port = target.port || "443";
  const headers: http.OutgoingHttpHeaders = { host: `${target.hostname}:${port}` };
  const pc = credentialsOf(proxy);
  if (pc) headers["proxy-authorization"] = basicAuth(pc);
  const mod = proxy.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      hostname: proxy.hostname,
      port: proxy.port || undefined,
      method: "CONNECT",
      path: `${target.hostname}:${port}`,
      headers,
      agent: false,
    });
    req.setTimeout(timeoutMs, () => req.destroy(new HttpFailure({ kind: "timeout" }, proxy.href)));
    req.on("error", (err: Error) => reject(classify(err, proxy)));
    req.on("connect", (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      if (res.statusCode === 407) {
        return reject(
          new PyvendorError("E_AUTH_REQUIRED", `The proxy ${redactUrl(proxy.href)} requires credentials`, {
            hint: "Put them in the proxy URL: HTTPS_PROXY=http://user:password@proxy:port",
          }),
        );
      }
      reject(new HttpFailure({ kind: "status", status: res.statusCode ?? 502 }, proxy.href));
    });
    req.end();
  });
}

/** A socket-level error as HttpFailure (retry decides) or E_TLS. */
function classify(err: Error, url: URL): Error {
  if (err instanceof HttpFailure || err instanceof PyvendorError) return err;
  const tlsErr = tlsError(err, url);
  if (tlsErr) return tlsErr;
  const code = (err as NodeJS.ErrnoException).code ?? "ECONNRESET";
  return new HttpFailure({ kind: "network", code }, url.href);
}

async function getFile(url: URL): Promise<HttpResponse> {
  const file = fileURLToPath(url);
  try {
    const info = await stat(file);
    return { status: 200, headers: { "content-length": String(info.size) }, body: createReadStream(file), url: url.href };
  } catch (err: unknown) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) {
      return { status: 404, headers: {}, body: Readable.from([]), url: url.href };
    }
    throw err;
  }
}
