// Proxy selection for one URL from the resolved proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
import type { ProxySettings } from "./settings.js";

function defaultPort(protocol: string): string {
  return protocol === "https:" ? "443" : "80";
}

/** True when NO_PROXY `entry` covers `url` (exact host, domain suffix, optional port, or `*`). */
export function matchesNoProxy(url: URL, entry: string): boolean {
  const trimmed = entry.trim().toLowerCase();
  if (trimmed === "") return false;
  if (trimmed === "*") return true;
  let host = trimmed;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) {
    host = bracketed[1] ?? "";
    port = bracketed[2];
  } else if (trimmed.split(":").length === 2) {
    [host = "", port] = trimmed.split(":");
  }
  if (port !== undefined && port !== (url.port || defaultPort(url.protocol))) return false;
  const target = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const bare = host.replace(/^\*?\./, "");
  return target === bare || target.endsWith(`.${bare}`);
}

/**
 * The proxy URL to use for `url`, or undefined to connect directly. file: URLs and hosts
 * matched by noProxy never use a proxy. Pure.
 */
export function proxyFor(url: URL, proxy: ProxySettings): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const chosen = url.protocol === "https:" ? proxy.https : proxy.http;
  if (!chosen) return undefined;
  if (proxy.noProxy.some((entry) => matchesNoProxy(url, entry))) return undefined;
  return chosen;
}
