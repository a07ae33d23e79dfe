// Which credentials go with a request: userinfo of the configured index URLs, else ~/.netrc.
import { netrcLookup, type Netrc } from "./netrc.js";

export interface Credentials {
  username: string;
  password: string;
}

/** Credentials for `url` (whose own userinfo the caller has already taken), or undefined. */
export type CredentialLookup = (url: URL) => Credentials | undefined;

interface Entry {
  origin: string;
  path: string;
  credentials: Credentials;
}

/** The userinfo of `url`, percent-decoded, or undefined when it has none. */
export function credentialsOf(url: URL): Credentials | undefined {
  if (url.username === "" && url.password === "") return undefined;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/**
 * A lookup over `configured` URLs (index, extra-index, find-links, per-project index URLs as the
 * user wrote them): a request to the same origin gets the credentials of the configured URL
 * sharing the most leading path segments with it (files are often served next to /simple/, not
 * under it; ties go to the first configured). Without a configured match, `netrc`'s entry for the
 * host (or its default) is used. Pure.
 */
export function createCredentialLookup(configured: string[], netrc?: Netrc): CredentialLookup {
  const entries: Entry[] = [];
  for (const raw of configured) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const credentials = credentialsOf(url);
    if (credentials) entries.push({ origin: url.origin, path: url.pathname, credentials });
  }
  return (url) => {
    let match: Entry | undefined;
    let best = -1;
    for (const e of entries) {
      if (e.origin !== url.origin) continue;
      const score = sharedSegments(e.path, url.pathname);
      if (score > best) [match, best] = [e, score];
    }
    if (match) return match.credentials;
    const fromNetrc = netrc ? netrcLookup(netrc, url.hostname) : undefined;
    return fromNetrc && fromNetrc.login !== "" ? { username: fromNetrc.login, password: fromNetrc.password } : undefined;
  };
}

function sharedSegments(a: string, b: string): number {
  const x = a.split("/").filter(Boolean);
  const y = b.split("/").filter(Boolean);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The Authorization header value for basic auth. */
export function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}
