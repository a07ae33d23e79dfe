// Transport rules: which hosts may use plain http, and how TLS failures become E_TLS.
import { PyvendorError } from "../errors.js";
import { redactUrl } from "./redact.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True when `url`'s host is listed in trustedHosts (as `host` or `host:port`). */
export function isTrustedHost(url: URL, trustedHosts: string[]): boolean {
  return trustedHosts.some((h) => h === url.hostname || h === url.host);
}

/**
 * Throws E_INSECURE_INDEX when `url` is plain http to a host that is neither localhost /
 * 127.0.0.1 / [::1] nor trusted. `what` names the URL's role in the message ("Index", ...).
 */
export function checkTransport(url: URL, trustedHosts: string[], what = "URL"): void {
  if (url.protocol !== "http:") return;
  if (LOCAL_HOSTS.has(url.hostname) || isTrustedHost(url, trustedHosts)) return;
  throw new PyvendorError("E_INSECURE_INDEX", `${what} ${redactUrl(url.href)} is plain HTTP and ${url.host} is not a trusted host`, {
    data: { url: redactUrl(url.href), host: url.host },
    hint: `Use https, or pass --trusted-host ${url.hostname} if this network is trusted.`,
  });
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|EPROTO/;

/** E_TLS for a certificate or handshake error, else undefined. */
export function tlsError(err: Error, url: URL): PyvendorError | undefined {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  if (!TLS_CODES.test(code)) return undefined;
  return new PyvendorError("E_TLS", `TLS connection to ${url.host} failed: ${code}`, {
    cause: err,
    data: { host: url.host, reason: code },
  });
}
