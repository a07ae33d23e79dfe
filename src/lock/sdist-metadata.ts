// An sdist's dependencies without a build where PEP 643 allows it: PKG-INFO of Metadata-Version 2.2
// or later whose Requires-Dist and Requires-Python are not dynamic is the release's metadata.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { unpackSdist } from "../build/sdist-archive.js";
import { PyvendorError, isErrno } from "../errors.js";
import type { DownloadResult } from "../package-index/download.js";
import { parseCoreMetadata } from "../standards/metadata.js";
import { compareVersions, isValidVersion } from "../standards/version.js";

/** What the resolver reads of a release: when PKG-INFO lists any of these as Dynamic, a build decides. */
const NEEDED = ["requires-dist", "requires-python"];

/**
 * `{ text: pkgInfo }` when it may stand for the built wheel's METADATA as far as a resolver is
 * concerned (PEP 643: Metadata-Version >= 2.2, and neither Requires-Dist nor Requires-Python is
 * Dynamic); else `{ why }`. Throws E_INVALID_METADATA for a PKG-INFO that does not parse.
 */
export function staticSdistMetadata(pkgInfo: string): { text: string } | { why: string } {
  const metadata = parseCoreMetadata(pkgInfo);
  const v = metadata.metadataVersion;
  if (!isValidVersion(v) || compareVersions(v, "2.2") < 0) return { why: `its PKG-INFO is Metadata-Version ${v}, older than 2.2 (PEP 643)` };
  const dynamic = metadata.dynamic.map((d) => d.toLowerCase()).filter((d) => NEEDED.includes(d));
  if (dynamic.length > 0) return { why: `its PKG-INFO declares ${dynamic.join(" and ")} dynamic` };
  return { text: pkgInfo };
}

/**
 * An `sdistMetadata` port for indexProvider: the sdist is unpacked under `workDir` (removed after)
 * and its PKG-INFO used when staticSdistMetadata allows; otherwise `build(sdist)` (the METADATA
 * of a wheel built from it) decides, and without `build` the release is refused with
 * E_NO_MATCHING_DISTRIBUTION saying why. Throws unpackSdist's codes for a bad archive.
 */
export function sdistMetadataPort(options: { workDir: string; build?: (sdist: DownloadResult) => Promise<string> }): (sdist: DownloadResult) => Promise<string> {
  return async (sdist) => {
    const { filename } = sdist.file;
    const scratch = await mkdtemp(path.join(options.workDir, "sdist-metadata-"));
    let answer: { text: string } | { why: string };
    try {
      const root = await unpackSdist({ file: sdist.path, filename, dest: path.join(scratch, "src") });
      try {
        answer = staticSdistMetadata(await readFile(path.join(root, "PKG-INFO"), "utf8"));
      } catch (err: unknown) {
        if (!isErrno(err, "ENOENT")) throw err;
        answer = { why: "it has no PKG-INFO" };
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    if ("text" in answer) return answer.text;
    if (options.build) return options.build(sdist);
    throw new PyvendorError("E_NO_MATCHING_DISTRIBUTION", `${filename}: its dependencies are known only after a build (${answer.why})`, {
      data: { file: filename, reason: answer.why },
    });
  };
}
