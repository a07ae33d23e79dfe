// Types for the two decoder packages that ship none (or none usable from an ES module).

declare module "unbzip2-stream" {
  /** A through stream: bzip2 bytes in, decoded bytes out (one block of at most 900 kB at a time). */
  export default function bunzip2(): NodeJS.ReadWriteStream;
}
