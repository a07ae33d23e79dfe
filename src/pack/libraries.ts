// The system libraries of packed wheels: DT_NEEDED scan plus the owning Debian package, memoized per pack.
import type { SystemPackages } from "../build/system-packages.js";
import { scanWheelLibraries, type LibraryLookup } from "../build/wheel-libraries.js";
import type { SystemLibrary } from "../bundle/manifest.js";
import type { Target } from "../python/target.js";
import { createLibraryResolver } from "../wheel/system-libraries.js";

/**
 * A scanner for `targets` (the first target's ELF machine picks the loader's libraries): the
 * ldconfig cache is read only when a wheel needs a library resolved; results are memoized by path.
 */
export function createLibraryScanner(targets: Target[], packages: SystemPackages): (wheelPath: string) => Promise<SystemLibrary[]> {
  const elf = targets.find((t) => t.info.elf)?.info.elf;
  let resolver: Promise<(soname: string) => Promise<string | undefined>> | undefined;
  const lookup: LibraryLookup = {
    async find(soname) {
      resolver ??= createLibraryResolver(elf ? { machine: elf.machine, elfClass: elf.class } : {});
      return (await resolver)(soname);
    },
    owner: (file) => packages.owner(file),
  };
  const memo = new Map<string, Promise<SystemLibrary[]>>();
  return (wheelPath) => {
    let p = memo.get(wheelPath);
    if (!p) memo.set(wheelPath, (p = scanWheelLibraries(wheelPath, lookup)));
    return p;
  };
}
