// Tar archives made inside a test: any entry type (symlinks, hard links, devices), gzipped.
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import tar from "tar-stream";

export type TarEntry = Parameters<ReturnType<typeof tar.pack>["entry"]>[0] & { body?: string };

/** Writes `entries` (tar-stream headers with an optional text body) as a .tar.gz at `file`. */
export async function makeTarGz(file: string, entries: TarEntry[]): Promise<string> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const { body, ...header } of entries) {
    await new Promise<void>((resolve, reject) => pack.entry(header, body ?? "", (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  await done;
  await writeFile(file, await promisify(gzip)(Buffer.concat(chunks)));
  return file;
}
