// Index settings: flags > PYVENDOR_* > PIP_* > defaults, resolved once from the environment into plain data.
import os from "node:os";
import path from "node:path";
import { envBool, envNumber } from "../env-values.js";
import { PyvendorError } from "../errors.js";
import { normalizeName } from "./dist-name.js";
import { redactUrl } from "./redact.js";
import { checkTransport } from "./transport.js";

export { isTrustedHost } from "./transport.js";

/** Proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) or --proxy. */
export interface ProxySettings {
  /** Proxy URL for http:// requests. */
  http?: string;
  /** Proxy URL for https:// requests (tunnelled with CONNECT). */
  https?: string;
  /** NO_PROXY entries: host names, `.domain` suffixes, `host:port`, or `*`. */
  noProxy: string[];
}

/** Everything the index client needs; URLs may carry credentials (redact before showing). */
export interface IndexSettings {
  indexUrl: string;
  extraIndexUrls: string[];
  /** Local directories, local HTML files, or http(s) pages of links. */
  findLinks: string[];
  noIndex: boolean;
  /** Hosts (`host` or `host:port`) allowed over plain http and without TLS verification. */
  trustedHosts: string[];
  /** Per-project index override: normalized project name → index URL (the only index asked). */
  indexFor: Record<string, string>;
  /** CA bundle (PEM) added to the public roots for TLS verification. */
  cert?: string;
  /** NODE_EXTRA_CA_CERTS, read by us because passing any CA replaces Node's own store. */
  extraCaCerts?: string;
  /** Socket idle timeout per request, milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt for transient failures. */
  retries: number;
  /** Parallel downloads and page fetches. */
  jobs: number;
  /** Never touch the network; answer from the cache or fail with E_OFFLINE_MISSING. */
  offline: boolean;
  /** Ignore cached release records and ask the index again (downloads still come from the cache). */
  refresh: boolean;
  proxy: ProxySettings;
  /** Path of the netrc file to read credentials from (NETRC, else ~/.netrc); may not exist. */
  netrc?: string;
  /** Backoff base and cap (ms). The cap also bounds Retry-After; tests set both to 0. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

/** Flags as the CLI passes them: each IndexSettings field optional, plus one --proxy for both schemes. */
export type IndexSettingsInput = Partial<Omit<IndexSettings, "proxy">> & { proxy?: string | Partial<ProxySettings> };

export const DEFAULT_INDEX_URL = "https://pypi.org/simple/";

function words(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(/\s+/).filter(Boolean);
}

const bool = envBool;
const num = envNumber;

/** First defined of the given env variables. */
function envOf(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) if (env[n] !== undefined) return env[n];
  return undefined;
}

function withSlash(url: string): string {
  return /^https?:/i.test(url) && !url.endsWith("/") ? `${url}/` : url;
}

/**
 * Effective settings: `input` (flags) wins over PYVENDOR_*, which wins over PIP_*, then defaults
 * (index https://pypi.org/simple/, 15 s timeout, 5 retries, 8 jobs). List variables are
 * space-separated. Throws E_CONFIG for malformed values and E_INSECURE_INDEX (see checkIndexSettings).
 */
export function resolveIndexSettings(input: IndexSettingsInput, env: NodeJS.ProcessEnv): IndexSettings {
  const e = (suffix: string) => envOf(env, `PYVENDOR_${suffix}`, `PIP_${suffix}`);
  const proxyInput = typeof input.proxy === "string" ? { http: input.proxy, https: input.proxy } : input.proxy ?? {};
  const home = env.HOME ?? os.homedir();
  const settings: IndexSettings = {
    indexUrl: withSlash(input.indexUrl ?? e("INDEX_URL") ?? DEFAULT_INDEX_URL),
    extraIndexUrls: (input.extraIndexUrls ?? words(e("EXTRA_INDEX_URL")) ?? []).map(withSlash),
    findLinks: input.findLinks ?? words(e("FIND_LINKS")) ?? [],
    noIndex: input.noIndex ?? bool("PIP_NO_INDEX", e("NO_INDEX")) ?? false,
    trustedHosts: input.trustedHosts ?? words(e("TRUSTED_HOST")) ?? [],
    indexFor: Object.fromEntries(Object.entries(input.indexFor ?? {}).map(([k, v]) => [normalizeName(k), withSlash(v)])),
    cert: input.cert ?? e("CERT"),
    extraCaCerts: input.extraCaCerts ?? env.NODE_EXTRA_CA_CERTS,
    timeoutMs: input.timeoutMs ?? num("PIP_TIMEOUT", e("TIMEOUT"), 1000) ?? 15_000,
    retries: input.retries ?? num("PIP_RETRIES", e("RETRIES")) ?? 5,
    jobs: Math.max(1, input.jobs ?? num("PYVENDOR_JOBS", env.PYVENDOR_JOBS) ?? 8),
    offline: input.offline ?? bool("PYVENDOR_OFFLINE", env.PYVENDOR_OFFLINE) ?? false,
    refresh: input.refresh ?? false,
    proxy: {
      http: proxyInput.http ?? envOf(env, "http_proxy", "HTTP_PROXY"),
      https: proxyInput.https ?? envOf(env, "https_proxy", "HTTPS_PROXY"),
      noProxy: proxyInput.noProxy ?? (envOf(env, "no_proxy", "NO_PROXY") ?? "").split(/[\s,]+/).filter(Boolean),
    },
    netrc: input.netrc ?? env.NETRC ?? path.join(home, ".netrc"),
    retryBaseDelayMs: input.retryBaseDelayMs ?? 250,
    retryMaxDelayMs: input.retryMaxDelayMs ?? 30_000,
  };
  checkIndexSettings(settings);
  return settings;
}

function checkUrl(url: string, what: string, settings: IndexSettings): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PyvendorError("E_CONFIG", `${what} ${redactUrl(url)} is not a valid URL`);
  }
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    throw new PyvendorError("E_CONFIG", `${what} ${redactUrl(url)} must be an http(s) or file URL`);
  }
  checkTransport(parsed, settings.trustedHosts, what);
}

/**
 * Throws E_CONFIG for an unparsable index URL and E_INSECURE_INDEX for a plain-http index or
 * find-links page whose host is neither localhost/127.0.0.1 nor in trustedHosts.
 */
export function checkIndexSettings(settings: IndexSettings): void {
  if (!settings.noIndex) checkUrl(settings.indexUrl, "Index", settings);
  for (const url of settings.extraIndexUrls) checkUrl(url, "Extra index", settings);
  for (const [project, url] of Object.entries(settings.indexFor)) checkUrl(url, `Index for ${project}`, settings);
  for (const link of settings.findLinks) if (/^https?:/i.test(link)) checkUrl(link, "Find-links page", settings);
}
