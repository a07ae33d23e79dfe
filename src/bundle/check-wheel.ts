// A listed wheel agrees with its manifest entry and fits the targets it serves (pure), as install requires.
import { PyvendorError } from "../errors.js";
import { compareVersions, isValidVersion } from "../standards/version.js";
import { parseWheelFilename, wheelTagRank } from "../standards/tags.js";
import type { ManifestPackage, ManifestWheel } from "./manifest.js";

export interface ListedWheel {
  pkg: Pick<ManifestPackage, "name" | "version">;
  wheel: Pick<ManifestWheel, "filename" | "tags" | "targets">;
}

/**
 * Checks that the wheel's file name names the package and version it is listed under, that the
 * manifest's tags are the file name's, and, when `tagsOf` gives a target's accepted tags, that
 * the wheel fits every target it is listed for. Throws E_INVALID_FILENAME, E_WHEEL_INVALID or
 * E_NO_COMPATIBLE_WHEEL, naming the file and its package.
 */
export function checkListedWheel(listed: ListedWheel, tagsOf?: (targetId: string) => readonly string[] | undefined): void {
  const { pkg, wheel } = listed;
  const parsed = parseWheelFilename(wheel.filename);
  const what = `${wheel.filename} (listed for ${pkg.name} ${pkg.version})`;
  const sameVersion = isValidVersion(pkg.version) && compareVersions(parsed.version, pkg.version) === 0;
  if (parsed.name !== pkg.name || !sameVersion) {
    throw new PyvendorError("E_WHEEL_INVALID", `${what} is a wheel of ${parsed.name} ${parsed.version}`, {
      data: { wheel: wheel.filename, project: pkg.name },
    });
  }
  const fileTags = [...parsed.tags].sort();
  const listedTags = [...wheel.tags].sort();
  if (fileTags.join(" ") !== listedTags.join(" ")) {
    throw new PyvendorError("E_WHEEL_INVALID", `${what}: the manifest gives the tags ${listedTags.join(", ")}, its file name ${fileTags.join(", ")}`, {
      data: { wheel: wheel.filename, project: pkg.name },
    });
  }
  if (!tagsOf) return;
  for (const id of wheel.targets) {
    const accepted = tagsOf(id);
    if (accepted && wheelTagRank(fileTags, accepted) === undefined) {
      throw new PyvendorError("E_NO_COMPATIBLE_WHEEL", `${what} has the tags ${fileTags.join(", ")}, which target ${id} does not accept`, {
        hint: "A wheel given by path or URL must fit every target it is packed for; pack each target with its own wheel, or drop --python for the targets it does not fit.",
        data: { wheel: wheel.filename, project: pkg.name, target: id },
      });
    }
  }
}
