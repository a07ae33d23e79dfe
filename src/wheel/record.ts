// RECORD files (packaging.python.org "Recording installed projects"): parse, format, hash encoding.
import { createHash } from "node:crypto";
import { PyvendorError } from "../errors.js";

/** One row: a `/`-separated path, `algo=urlsafe-b64-digest` or "", size in bytes or "". */
export interface RecordRow {
  path: string;
  hash: string;
  size: string;
}

/** Hash algorithms the spec allows in RECORD (md5 and sha1 are refused). */
const ALLOWED = new Set(["sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]);
const NODE_NAME: Record<string, string> = { sha3_256: "sha3-256", sha3_384: "sha3-384", sha3_512: "sha3-512", blake2b: "blake2b512", blake2s: "blake2s256" };

/** `sha256=<urlsafe base64 without padding>` of a digest. */
export function recordHash(algo: string, digest: Buffer): string {
  return `${algo}=${digest.toString("base64url")}`;
}

/** The node:crypto algorithm name for a RECORD hash algorithm; undefined when not allowed. */
export function nodeHashName(algo: string): string | undefined {
  return ALLOWED.has(algo) ? (NODE_NAME[algo] ?? algo) : undefined;
}

/** RECORD-style sha256 of a buffer. */
export function sha256Record(data: Buffer | string): string {
  return recordHash("sha256", createHash("sha256").update(data).digest());
}

function parseLine(line: string, where: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new PyvendorError("E_WHEEL_INVALID", `${where}: unterminated quote in RECORD line: ${line}`);
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") {
        throw new PyvendorError("E_WHEEL_INVALID", `${where}: malformed RECORD line: ${line}`);
      }
      i++;
    } else {
      const c = line.indexOf(",", i);
      const end = c < 0 ? line.length : c;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** Parses RECORD text (CSV, one row per line, LF or CRLF). Throws E_WHEEL_INVALID. */
export function parseRecord(text: string, where = "RECORD"): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === "") continue;
    const [path = "", hash = "", size = ""] = parseLine(line, where);
    if (!path) throw new PyvendorError("E_WHEEL_INVALID", `${where}: RECORD line without a path: ${line}`);
    rows.push({ path, hash, size });
  }
  return rows;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Formats rows as RECORD text (LF line ends, minimal quoting, the order given). */
export function formatRecord(rows: RecordRow[]): string {
  return rows.map((r) => `${quote(r.path)},${quote(r.hash)},${quote(r.size)}\n`).join("");
}

/** Splits `algo=digest`; throws E_RECORD_MISMATCH for a hash the spec does not allow. */
export function splitRecordHash(hash: string, where: string): { algo: string; digest: string } {
  const eq = hash.indexOf("=");
  const algo = eq < 0 ? "" : hash.slice(0, eq);
  if (!nodeHashName(algo)) {
    throw new PyvendorError("E_RECORD_MISMATCH", `${where}: RECORD uses hash "${hash}" (sha256 or stronger is required)`);
  }
  return { algo, digest: hash.slice(eq + 1).replace(/=+$/, "") };
}
