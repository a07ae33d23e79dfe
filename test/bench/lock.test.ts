// The lock case's requirements.in: the corpus's roots unpinned, from which every package is reached.
import assert from "node:assert/strict";
import { test } from "node:test";
import { looseRequirements } from "../../bench/cases/lock.js";
import { generateCorpus } from "../../bench/corpus/generate.js";

test("requirements.in names, unpinned, the packages nothing depends on; the rest are reached through them", () => {
  for (const size of [3, 30]) {
    const { packages } = generateCorpus({ packages: size });
    const names = looseRequirements({ packages }).split("\n").filter((l) => l && !l.startsWith("#"));
    assert.ok(names.every((n) => /^[a-z][a-z-]*$/.test(n)), "names only, no versions");
    assert.ok(names.length < packages.length, "a real resolution: some packages only come as dependencies");
    const deps = new Map(packages.map((p) => [p.name, p.dependencies]));
    const reached = new Set<string>();
    const visit = (n: string) => {
      if (reached.has(n)) return;
      reached.add(n);
      for (const d of deps.get(n) ?? []) visit(d);
    };
    names.forEach(visit);
    assert.equal(reached.size, packages.length);
  }
});
