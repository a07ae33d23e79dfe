// The options pip accepts in requirements files, parsed with optparse's rules (abbreviations too).

/** Where an option's value goes. `flag` options take no value. */
export type OptionName =
  | "index-url" | "extra-index-url" | "no-index" | "constraint" | "requirement" | "editable" | "find-links"
  | "no-binary" | "only-binary" | "prefer-binary" | "require-hashes" | "pre" | "trusted-host" | "use-feature"
  | "hash" | "global-option" | "config-settings";

interface OptionSpec {
  name: OptionName;
  short?: string;
  flag?: boolean;
  /** Other long spellings (pip accepts --pypi-url for --index-url). */
  aliases?: string[];
}

const OPTIONS: OptionSpec[] = [
  { name: "index-url", short: "i", aliases: ["pypi-url"] },
  { name: "extra-index-url" },
  { name: "no-index", flag: true },
  { name: "constraint", short: "c" },
  { name: "requirement", short: "r" },
  { name: "editable", short: "e" },
  { name: "find-links", short: "f" },
  { name: "no-binary" },
  { name: "only-binary" },
  { name: "prefer-binary", flag: true },
  { name: "require-hashes", flag: true },
  { name: "pre", flag: true },
  { name: "trusted-host" },
  { name: "use-feature" },
  { name: "hash" },
  { name: "global-option" },
  { name: "config-settings", short: "C" },
];

/** One option as given: its canonical name, the spelling used, and its value ("" for flags). */
export interface ParsedOption {
  name: OptionName;
  spelling: string;
  value: string;
}

/** An option the line cannot have; `message` is optparse's wording. */
export class OptionError extends Error {
  override name = "OptionError";
}

const LONG_NAMES = new Map<string, OptionSpec>(
  OPTIONS.flatMap((o) => [o.name, ...(o.aliases ?? [])].map((long) => [long, o] as [string, OptionSpec])),
);

// optparse: an exact long name, else a unique prefix of one.
function matchLong(word: string): { spec: OptionSpec; long: string } {
  const exact = LONG_NAMES.get(word);
  if (exact) return { spec: exact, long: word };
  const candidates = [...LONG_NAMES.keys()].filter((long) => long.startsWith(word)).sort();
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) return { spec: LONG_NAMES.get(only) as OptionSpec, long: only };
  if (candidates.length === 0) throw new OptionError(`no such option: --${word}`);
  throw new OptionError(`ambiguous option: --${word} (${candidates.map((long) => `--${long}`).join(", ")}?)`);
}

/**
 * Parses option words (after shell splitting) like optparse: `--name=value`, `--name value`,
 * unique prefixes of long names (`--extra` = `--extra-index-url`), `-rfile`, `-r file`.
 * Returns the options in order and any words that are not options. Throws OptionError.
 */
export function parseOptionWords(words: string[]): { options: ParsedOption[]; rest: string[] } {
  const options: ParsedOption[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--") {
      rest.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const { spec, long } = matchLong(eq >= 0 ? word.slice(2, eq) : word.slice(2));
      const spelling = `--${long}`;
      if (spec.flag) {
        if (eq >= 0) throw new OptionError(`${spelling} option does not take a value`);
        options.push({ name: spec.name, spelling, value: "" });
      } else if (eq >= 0) {
        options.push({ name: spec.name, spelling, value: word.slice(eq + 1) });
      } else {
        if (i + 1 >= words.length) throw new OptionError(`${spelling} option requires 1 argument`);
        options.push({ name: spec.name, spelling, value: words[++i] as string });
      }
    } else if (word.startsWith("-") && word.length > 1) {
      const letter = word[1] as string;
      const spec = OPTIONS.find((o) => o.short === letter);
      if (!spec) throw new OptionError(`no such option: -${letter}`);
      const spelling = `-${letter}`;
      if (word.length > 2) options.push({ name: spec.name, spelling, value: word.slice(2) });
      else if (i + 1 < words.length) options.push({ name: spec.name, spelling, value: words[++i] as string });
      else throw new OptionError(`${spelling} option requires 1 argument`);
    } else {
      rest.push(word);
    }
  }
  return { options, rest };
}

/**
 * pip's --no-binary/--only-binary value rules: comma-separated names, ":all:" for every package,
 * ":none:" to clear. Updates `target` (and removes the names from `other`, the opposite option).
 */
export function applyFormatControl(value: string, target: string[], other: string[], normalize: (n: string) => string): void {
  if (value.startsWith("-")) throw new OptionError("--no-binary / --only-binary option requires 1 argument.");
  let names = value.split(",");
  const clear = (list: string[]) => list.splice(0, list.length);
  while (names.includes(":all:")) {
    clear(other);
    clear(target);
    target.push(":all:");
    names = names.slice(names.indexOf(":all:") + 1);
    if (!names.includes(":none:")) return;
  }
  for (const raw of names) {
    if (raw === ":none:") {
      clear(target);
      continue;
    }
    const name = normalize(raw);
    const at = other.indexOf(name);
    if (at >= 0) other.splice(at, 1);
    if (!target.includes(name)) target.push(name);
  }
}
