// What differs between two builds of one wheel, entry by entry: for `pack --check-reproducible`.
import { createHash } from "node:crypto";
import { hashFile } from "../cache/content-store.js";
import { entryStream, openZip, type OpenZip, type ZipEntryInfo } from "./zip-entries.js";

/** One way two wheels differ. */
export interface WheelDifference {
  /** The entry's path in the wheel ("(archive)" for differences of the zip itself). */
  path: string;
  /** What differs: presence, bytes, Unix mode, zip timestamp; or, for "(archive)", the order of entries, the wheel's name, or only its bytes. */
  what: "only in the first" | "only in the second" | "content" | "mode" | "timestamp" | "entry order" | "file name" | "archive bytes";
}

async function sha256Of(open: OpenZip, info: ZipEntryInfo): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of await entryStream(open, info)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The DOS date and time the zip records for an entry (what a build's clock would change). */
const stamp = (info: ZipEntryInfo) => `${info.entry.lastModFileDate}:${info.entry.lastModFileTime}`;

/**
 * The differences between wheels `a` and `b` (built from one sdist): none when their bytes are
 * equal; else, per entry path in `a`'s order then `b`'s extras, what differs. A difference only in
 * compression (the same bytes, stored otherwise) is not listed per entry; when no entry differs,
 * the archive itself is named (its entry order, or else its bytes). Entry contents are streamed: memory stays small whatever the wheel.
 */
export async function wheelDifferences(a: string, b: string): Promise<WheelDifference[]> {
  if ((await hashFile(a)) === (await hashFile(b))) return [];
  const [first, second] = [await openZip(a), await openZip(b)];
  try {
    const out: WheelDifference[] = [];
    const files = (z: OpenZip) => new Map(z.entries.filter((e) => !e.isDir).map((e) => [e.name, e]));
    const [inA, inB] = [files(first), files(second)];
    for (const [name, ea] of inA) {
      const eb = inB.get(name);
      if (!eb) {
        out.push({ path: name, what: "only in the first" });
        continue;
      }
      if (ea.size !== eb.size || (await sha256Of(first, ea)) !== (await sha256Of(second, eb))) out.push({ path: name, what: "content" });
      else if (ea.mode !== eb.mode) out.push({ path: name, what: "mode" });
      else if (stamp(ea) !== stamp(eb)) out.push({ path: name, what: "timestamp" });
    }
    for (const name of inB.keys()) if (!inA.has(name)) out.push({ path: name, what: "only in the second" });
    const order = (m: Map<string, ZipEntryInfo>) => [...m.keys()].join("\n");
    if (out.length === 0) out.push({ path: "(archive)", what: order(inA) !== order(inB) ? "entry order" : "archive bytes" });
    return out;
  } finally {
    first.close();
    second.close();
  }
}
