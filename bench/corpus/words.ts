// Pronounceable made-up identifiers for the benchmark corpus (package, module, function names).
import type { Rng } from "../prng.js";

const ONSETS = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "pl", "gr"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io"];
const CODAS = ["", "", "", "n", "r", "s", "l", "x", "m"];

/** A lowercase word of `syllables` syllables, e.g. "stelomar"; always a valid Python identifier. */
export function word(rng: Rng, syllables = rng.int(2, 3)): string {
  let out = "";
  for (let i = 0; i < syllables; i++) out += rng.pick(ONSETS) + rng.pick(VOWELS);
  return out + rng.pick(CODAS);
}

/** Python keywords and builtins a generated identifier must not shadow. */
const RESERVED = new Set(["and", "as", "def", "del", "for", "if", "in", "is", "not", "or", "pass", "try", "with", "min", "max", "sum", "map", "list", "set", "dict", "str", "int"]);

/** `count` distinct identifiers, each `prefix` + word (prefix may be "" ), none reserved. */
export function uniqueWords(rng: Rng, count: number, prefix = ""): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const w = prefix + word(rng);
    if (seen.has(w) || RESERVED.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}
