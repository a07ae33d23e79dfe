// ~/.netrc parsing (machine / login / password / default), the way curl, requests and pip read it.

export interface NetrcEntry {
  login: string;
  password: string;
}

export interface Netrc {
  machines: Map<string, NetrcEntry>;
  default?: NetrcEntry;
}

/**
 * Parses netrc text. Tokens are whitespace-separated; `macdef` bodies (up to a blank line) are
 * skipped; `account` is ignored; the first entry for a machine wins. Pure; never throws.
 */
export function parseNetrc(text: string): Netrc {
  const result: Netrc = { machines: new Map() };
  const lines = text.split(/\r?\n/);
  const tokens: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*#/.test(line)) continue;
    const lineTokens = line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    if (lineTokens[0] === "macdef") {
      while (i + 1 < lines.length && (lines[i + 1] ?? "").trim() !== "") i++;
      continue;
    }
    for (const t of lineTokens) tokens.push(t.startsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, "$1") : t);
  }
  let current: { machine?: string; entry: NetrcEntry } | undefined;
  const flush = () => {
    if (!current) return;
    if (current.machine === undefined) result.default ??= current.entry;
    else if (!result.machines.has(current.machine)) result.machines.set(current.machine, current.entry);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "machine") {
      flush();
      current = { machine: (tokens[++i] ?? "").toLowerCase(), entry: { login: "", password: "" } };
    } else if (t === "default") {
      flush();
      current = { entry: { login: "", password: "" } };
    } else if (current && (t === "login" || t === "user")) current.entry.login = tokens[++i] ?? "";
    else if (current && t === "password") current.entry.password = tokens[++i] ?? "";
    else if (t === "account") i++;
  }
  flush();
  return result;
}

/** The entry for `host` (lower-cased), else the default entry, else undefined. */
export function netrcLookup(netrc: Netrc, host: string): NetrcEntry | undefined {
  return netrc.machines.get(host.toLowerCase()) ?? netrc.default;
}
