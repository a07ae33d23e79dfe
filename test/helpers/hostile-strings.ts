// fast-check arbitraries of hostile strings: traversals, separators, control bytes, venv file names, odd unicode.
import fc from "fast-check";

/** Absolute targets a hostile string may name; none of them may ever be created. */
export const EVIL_ABSOLUTE_PREFIX = "/tmp/pyvendor-fuzz-evil-";

/** `../` repeated 1–9 times then `outside/evil`: from anywhere in a case's target to its sentinel dir. */
const climbs = Array.from({ length: 9 }, (_, i) => `${"../".repeat(i + 1)}outside/evil`);

const CONSTANTS: string[] = [
  // traversal and absolute paths
  "..", ".", "./", "../", "../../x", "../x", "x/../y", "x/../../y", "a/..", ...climbs,
  `${EVIL_ABSOLUTE_PREFIX}abs`, `${EVIL_ABSOLUTE_PREFIX}abs/x.h`, "/abs", "/", "//x", "/etc/passwd",
  // separators, drive letters, Windows forms
  "a/b", "a/b/c", "a\\b", "..\\..\\x", "\\x", "C:x", "C:\\evil", "c:/evil", "\\\\?\\C:\\x", "a:b", "con", "NUL", "aux.txt",
  // control bytes and blanks
  "\0", "x\0y", "..\0", "\n", "x\ny", "x\r\ny", "\r", "\t", " ", " x", "x ", "x\u007f", "\u001b[31m",
  "", "-", "_", "~", "$HOME", "$&", "%s", "*", "?", "\"", "'", ",", "x,y", "#", ";x", "[x]", "=", "x=y", "x:y",
  // names with dots
  "...", "a..b", "..a", "a..", "x.data", "x.dist-info", ".hidden", ".pyvendor-lock", ".pyvendor-staging-x",
  // very long names
  "a".repeat(255), "a".repeat(256), "b".repeat(4097), `${"d/".repeat(200)}x`, "é".repeat(200),
  // unicode
  "é", "ünïcødé", "日本語", "\u202ertl", "\ufeffbom", "\u{1f600}", "\u0130", "ﬁ", "e\u0301", "\u2024\u2024", "\uff0e\uff0e", "\u2215x",
  // names a venv or a releases root already has
  "python", "python3", "python3.12", "pip", "pyvenv.cfg", "activate", "activate.fish", "bin", "bin/python", "bin/activate",
  "lib", "lib64", "lib64/evil", "include", "include/site", "lib/python3.12/site-packages/x", "site-packages", "current",
  "releases", "releases/x", ".pyvendor-release.json", ".pyvendor-files", "RECORD", "INSTALLER", "REQUESTED", "METADATA",
  // near the honest wheel's own names
  "victim", "Victim", "VICTIM", "victim_", "victim.", "Victim-", "victim-1.0.dist-info", "victim-1.0.data", "victim/__init__.py",
  "1.0", "1.0.0", "01.0", "1!1.0", "1.0+local", "1.0.post1", "v1.0", "1.0-py3-none-any", "py3-none-any", "py3", "none", "any",
  "purelib", "platlib", "headers", "scripts", "data", "x86_64",
];

/** One hostile string: a constant, a few of them joined by `/`, or a random string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONSTANTS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...CONSTANTS), { minLength: 2, maxLength: 3 }).map((parts) => parts.join("/")) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONSTANTS), fc.constantFrom(...CONSTANTS)).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);
