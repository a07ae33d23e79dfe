// What one pack runs with: the requirements files' own options (--index-url, --only-binary, --pre,
// --require-hashes ... inside them) merged with the caller's, in one pure place.
import type { IndexSettingsInput } from "../package-index/settings.js";
import type { RequirementsFileOptions } from "../standards/requirements-file.js";
import type { BinaryPolicy } from "./select.js";

/** The caller's side of the merge (PackOptions' fields of the same names). */
export interface CallerSettings {
  index?: IndexSettingsInput;
  jobs?: number;
  onlyBinary?: string[];
  noBinary?: string[];
  preferBinary?: boolean;
  pre?: boolean;
}

export interface EffectiveSettings {
  /** The index client's input (resolveIndexSettings adds the environment). */
  index: IndexSettingsInput;
  policy: BinaryPolicy;
  pre: boolean;
  requireHashes: boolean;
}

/**
 * The caller's options win over the files' for single values (index URL, no-index), as pip's
 * command line wins over a requirements file's; lists are joined (find-links, trusted hosts,
 * binary controls: files' first), switches are on when either side turns them on.
 */
export function effectiveSettings(files: RequirementsFileOptions, caller: CallerSettings): EffectiveSettings {
  return {
    index: {
      ...(files.indexUrl !== undefined ? { indexUrl: files.indexUrl } : {}),
      ...(files.extraIndexUrls.length ? { extraIndexUrls: files.extraIndexUrls } : {}),
      ...(files.findLinks.length ? { findLinks: files.findLinks } : {}),
      ...(files.trustedHosts.length ? { trustedHosts: files.trustedHosts } : {}),
      ...(files.noIndex ? { noIndex: true } : {}),
      ...caller.index,
      ...(caller.jobs !== undefined ? { jobs: caller.jobs } : {}),
    },
    policy: {
      onlyBinary: [...files.onlyBinary, ...(caller.onlyBinary ?? [])],
      noBinary: [...files.noBinary, ...(caller.noBinary ?? [])],
      preferBinary: Boolean(caller.preferBinary || files.preferBinary),
    },
    pre: Boolean(caller.pre || files.pre),
    requireHashes: files.requireHashes,
  };
}
