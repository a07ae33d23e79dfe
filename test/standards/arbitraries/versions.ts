// fast-check generators of tricky PEP 440 versions, specifiers and specifier sets (and near misses).
import fc from "fast-check";

const opt = <T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | null> => fc.option(arb, { freq });
const text = (arb: fc.Arbitrary<string | null>): fc.Arbitrary<string> => arb.map((v) => v ?? "");

/** Release numbers: small, zero-padded, and beyond 2^53 (where floats stop being exact). */
export const numberText = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0", "00", "007", "010", "2024", "9007199254740993", "9007199254740992", "99999999999999999999",
      "100000000000000000000",
    ),
  },
);

const sep = fc.constantFrom("", "", ".", "-", "_");
const preLetter = fc.constantFrom("a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC", "Alpha", "PREVIEW");
const postLetter = fc.constantFrom("post", "rev", "r", "POST", "Rev", "R");
const devLetter = fc.constantFrom("dev", "dev", "DEV", "Dev");

export const preText = fc.tuple(sep, preLetter, sep, text(opt(numberText, 3))).map((p) => p.join(""));
export const postText = fc.oneof(
  numberText.map((n) => `-${n}`),
  fc.tuple(sep, postLetter, sep, text(opt(numberText, 3))).map((p) => p.join("")),
);
export const devText = fc.tuple(sep, devLetter, sep, text(opt(numberText, 3))).map((p) => p.join(""));

const localSegment = fc.oneof(
  numberText,
  fc.constantFrom("abc", "ubuntu", "0x1", "1e3", "Infinity", "NaN", "deb10u1", "A1", "git", "00a"),
  fc.stringMatching(/^[a-zA-Z0-9]{1,4}$/),
);
export const localText = fc
  .tuple(localSegment, fc.array(fc.tuple(fc.constantFrom(".", "-", "_"), localSegment), { maxLength: 3 }))
  .map(([first, rest]) => `+${first}${rest.map(([s, p]) => s + p).join("")}`);

const space = fc.constantFrom("", "", "", "", "", " ", "\t", "\n", "  ", "\u00a0", "\u2003", "\x1c", "\ufeff", "\r\n");
export const releaseText = fc.array(numberText, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));

/** A well-formed version string, written in any of the spellings PEP 440 accepts. */
export const wellFormedVersion = fc
  .tuple(
    text(opt(fc.constantFrom("v", "V"), 5)),
    text(opt(numberText.map((n) => `${n}!`), 5)),
    releaseText,
    text(opt(preText, 3)),
    text(opt(postText, 3)),
    text(opt(devText, 3)),
    text(opt(localText, 4)),
  )
  .map((parts) => parts.join(""));

const junk = fc.constantFrom(".", "-", "_", "+", "!", "*", " ", "a", "x", "0", "é", "v", "..", "+-", "٣", "ſ", "K");

/** A version with one random edit: usually invalid, sometimes still valid. */
export const nearMissVersion = fc
  .tuple(wellFormedVersion, fc.nat(), fc.constantFrom("insert", "delete", "replace"), junk)
  .map(([v, at, kind, ch]) => {
    const i = v.length === 0 ? 0 : at % (v.length + 1);
    if (kind === "insert") return v.slice(0, i) + ch + v.slice(i);
    if (kind === "delete") return v.slice(0, i) + v.slice(i + 1);
    return v.slice(0, i) + ch + v.slice(i + 1);
  });

/** Any version-ish text: mostly valid (with whitespace around), some near misses. */
export const versionText = fc.oneof(
  { weight: 7, arbitrary: fc.tuple(space, wellFormedVersion, space).map((p) => p.join("")) },
  { weight: 3, arbitrary: nearMissVersion },
);

/** Versions close to `base` (the interesting neighbours for specifier matching). */
export function neighbours(base: string): string[] {
  const bumped = base.replace(/(\d+)(?!.*\d)/, (d) => String(Number(d) + 1));
  return [
    base, `${base}.0`, `${base}a1`, `${base}.dev0`, `${base}.post1`, `${base}+local.7`, `${base}.post1.dev1`,
    `${base}rc1+x`, bumped, `${bumped}a1`, `1!${base}`, base.replace(/\.0$/, ""), `${base}.1`,
  ];
}

const pad = fc.constantFrom("", "", "", " ", "  ", "\t");
const vPrefix = text(opt(fc.constantFrom("v", "V", "1!", "0!"), 4));

/** A version without a local segment (what ordered comparisons and ~= accept). */
const publicVersion = fc
  .tuple(vPrefix, releaseText, text(opt(preText, 3)), text(opt(postText, 3)), text(opt(devText, 3)))
  .map((parts) => parts.join(""));
const twoPartRelease = fc
  .tuple(numberText, fc.array(numberText, { minLength: 1, maxLength: 3 }))
  .map(([first, rest]) => [first, ...rest].join("."));
const compatibleVersion = fc
  .tuple(vPrefix, twoPartRelease, text(opt(preText, 3)), text(opt(postText, 3)), text(opt(devText, 3)))
  .map((parts) => parts.join(""));
const wildcard = fc.tuple(vPrefix, releaseText).map(([p, r]) => `${p}${r}.*`);
const arbitraryText = fc.oneof(wellFormedVersion, fc.constantFrom("foo", "1.0-x", "", "Foo.Bar", "1.0)", "1.0;", "1.0 x"));

const spec = (ops: string[], version: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(pad, fc.constantFrom(...ops), pad, version, pad).map((parts) => parts.join(""));

/** One specifier: an operator, optional spaces and a version (with wildcards, locals, junk). */
export const specifierText = fc.oneof(
  { weight: 4, arbitrary: spec(["==", "!="], fc.oneof({ weight: 3, arbitrary: wellFormedVersion }, wildcard)) },
  { weight: 4, arbitrary: spec(["<", ">", "<=", ">="], publicVersion) },
  { weight: 2, arbitrary: spec(["~="], compatibleVersion) },
  { weight: 1, arbitrary: spec(["==="], arbitraryText) },
  {
    weight: 1,
    arbitrary: spec(
      ["==", "!=", "<=", ">=", "<", ">", "~=", "===", "=", "=>", "~", "=<"],
      fc.oneof(wellFormedVersion, nearMissVersion, wildcard, releaseText),
    ),
  },
);

/** Specifier sets of 0-3 specifiers joined by commas (with stray commas and spaces). */
export const specifierSetText = fc
  .oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) })
  .chain((n) => fc.array(specifierText, { minLength: n, maxLength: n }))
  .chain((specs) => fc.constantFrom(",", ", ", " ,", ",,").map((joiner) => specs.join(joiner)));

/** The specifier versions of a set, for deriving candidate versions to test against it. */
export function versionsIn(specifierSet: string): string[] {
  return specifierSet
    .split(",")
    .map((s) => s.trim().replace(/^(===|~=|==|!=|<=|>=|<|>|=)\s*/, "").replace(/\.\*$/, ""))
    .filter((s) => s !== "");
}

/** A prerelease option as the API takes it: undefined (packaging's None), true or false. */
export const prereleaseOption = fc.constantFrom<boolean | undefined>(undefined, undefined, true, false);
