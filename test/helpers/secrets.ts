// Asserting that a secret appears nowhere: in values (events, errors, results) or in a directory tree.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { inspect } from "node:util";

/** Every path and file body under `dir` that contains `secret` (as text). */
export async function findSecretInTree(dir: string, secret: string): Promise<string[]> {
  const hits: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (p.includes(secret)) hits.push(p);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && (await readFile(p)).includes(secret)) hits.push(`${p} (contents)`);
    }
  };
  await walk(dir);
  return hits;
}

/** Serializes an error with its message, data, hint and whole cause chain. */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 10; depth++) {
    if (e instanceof Error) {
      const extra = e as Error & { data?: unknown; hint?: unknown };
      parts.push(e.message, String(e.stack), JSON.stringify(extra.data ?? null), String(extra.hint ?? ""));
      e = e.cause;
    } else {
      parts.push(JSON.stringify(e));
      break;
    }
  }
  return parts.join("\n");
}

/** Fails when `secret` (or its use inside a basic-auth header) occurs in any of `values`. */
export function assertNoSecret(secret: string, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    const text = value instanceof Error ? `${errorText(value)}\n${inspect(value, { depth: 10 })}` : JSON.stringify(value);
    assert.ok(!text.includes(secret), `${name} contains the secret`);
  }
}
