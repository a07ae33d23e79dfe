// Names that become paths: the one check for a path component and a relative path taken from untrusted input.
import { PyvendorError } from "../errors.js";

/** The longest file name (one component, in UTF-8 bytes) Linux, macOS and Windows file systems take. */
const NAME_MAX = 255;

function tooLong(part: string): boolean {
  return part.length > NAME_MAX / 3 && Buffer.byteLength(part) > NAME_MAX;
}

/**
 * The reason `name` may not be used as one path component, or undefined when it may: empty,
 * `.` or `..`, a separator (`/` or `\`), a drive letter (`C:`), NUL or another control character,
 * more than 255 bytes (no file system takes it: it would fail later as ENAMETOOLONG).
 * The same rule on every platform, so a bundle refused on Windows is refused here too.
 */
export function componentProblem(name: string): string | undefined {
  if (name === "") return "an empty name";
  if (name === "." || name === "..") return `the name ${JSON.stringify(name)}`;
  if (name.includes("/")) return "a `/`";
  if (name.includes("\\")) return "a backslash";
  if (name.includes("\0")) return "a NUL byte";
  if (/^[A-Za-z]:/.test(name)) return "a drive letter";
  if (/[\u0001-\u001f\u007f]/.test(name)) return "a control character";
  if (tooLong(name)) return `a name longer than ${NAME_MAX} bytes`;
  return undefined;
}

/**
 * The reason `name` (a `/`-separated relative path, e.g. an archive entry; one trailing `/` is
 * allowed for a directory) may not be extracted, or undefined when it may: absolute paths, drive
 * letters, backslashes, NUL, empty, `.` or `..` components all write outside (or confuse) the
 * target; a component over 255 bytes cannot be written anywhere.
 */
export function relativePathProblem(name: string): string | undefined {
  if (name === "") return "an empty name";
  if (name.startsWith("/")) return "an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "a drive-letter path";
  if (name.includes("\\")) return "a backslash";
  if (name.includes("\0")) return "a NUL byte";
  const parts = name.split("/");
  if (parts.includes("..")) return "a `..` component";
  if (parts.some((p, i) => p === "." || (p === "" && i !== parts.length - 1))) return "an empty or `.` component";
  if (parts.some(tooLong)) return `a component longer than ${NAME_MAX} bytes`;
  return undefined;
}

/**
 * Returns `name` when it is a safe path component (see componentProblem); otherwise throws
 * E_UNSAFE_PATH naming `what` ("script name", "distribution name") and `where` (the wheel or bundle).
 */
export function safeComponent(name: string, what: string, where: string): string {
  const problem = componentProblem(name);
  if (problem !== undefined) {
    throw new PyvendorError("E_UNSAFE_PATH", `${where}: ${what} ${JSON.stringify(name)} is not a plain file name (it has ${problem})`, {
      data: { name, what, source: where },
    });
  }
  return name;
}
