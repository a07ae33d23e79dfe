// The benchmark corpus generator: deterministic for a seed, and big enough to be a fair benchmark.
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { DEFAULT_SEED, generateCorpus } from "../../bench/corpus/generate.js";
import { hashTree, writeCorpusTo } from "../../bench/corpus/write.js";
import { tempDir } from "../helpers/env.js";

test("the same seed writes byte-identical source trees and sdists; another seed does not", async () => {
  const { dir, cleanup } = await tempDir("pyvendor-corpus-");
  try {
    const first = await writeCorpusTo(path.join(dir, "a"), DEFAULT_SEED, 8);
    const second = await writeCorpusTo(path.join(dir, "b"), DEFAULT_SEED, 8);
    const other = await writeCorpusTo(path.join(dir, "c"), "another seed", 8);
    assert.equal(await hashTree(path.join(dir, "a")), await hashTree(path.join(dir, "b")));
    assert.equal(first.treeHash, second.treeHash);
    assert.deepEqual(first.packages.map((p) => p.sdist.sha256), second.packages.map((p) => p.sdist.sha256));
    assert.notEqual(other.treeHash, first.treeHash);
  } finally {
    await cleanup();
  }
});

test("a smaller corpus is a prefix of a bigger one (the --quick corpus is part of the full one)", () => {
  const small = generateCorpus({ packages: 3 });
  const big = generateCorpus({ packages: 30 });
  for (const [i, p] of small.packages.entries()) {
    const q = big.packages[i];
    assert.equal(p.name, q?.name);
    assert.deepEqual([...p.files], [...(q?.files ?? [])]);
  }
});

test("the default corpus meets the benchmark's size constraints", () => {
  const corpus = generateCorpus({ packages: 30 });
  const pkgs = corpus.packages;
  assert.ok(pkgs.length >= 30);
  assert.ok(pkgs.reduce((n, p) => n + p.installedFiles, 0) >= 3000, "at least 3,000 installed files");
  assert.ok(pkgs.filter((p) => p.native).length >= 4, "at least 4 C extensions");
  const modules = (p: (typeof pkgs)[number]) => [...p.files.keys()].filter((f) => f.endsWith(".py")).length;
  assert.ok(pkgs.filter((p) => modules(p) >= 200).length >= 3, "several packages with hundreds of modules");
  assert.ok(pkgs.filter((p) => modules(p) < 40).length >= 10, "and many small ones");
  assert.ok(pkgs.some((p) => Object.keys(p.scripts).length > 0), "console scripts");
  assert.equal(new Set(pkgs.map((p) => p.name)).size, pkgs.length, "unique names");
});

test("every package is a setuptools pyproject project, dependencies form a DAG, and requirements pin them all", () => {
  const corpus = generateCorpus({ packages: 30 });
  const position = new Map(corpus.packages.map((p) => [p.name, p.index]));
  let edges = 0;
  for (const p of corpus.packages) {
    const toml = parseToml(p.files.get("pyproject.toml") ?? "") as {
      "build-system": { requires: string[]; "build-backend": string };
      project: { name: string; version: string; dependencies: string[] };
    };
    assert.deepEqual(toml["build-system"].requires, ["setuptools>=40.8.0"]);
    assert.equal(toml["build-system"]["build-backend"], "setuptools.build_meta");
    assert.equal(toml.project.name, p.name);
    assert.equal(toml.project.dependencies.length, p.dependencies.length);
    for (const dep of p.dependencies) {
      assert.ok((position.get(dep) ?? Infinity) < p.index, `${p.name} -> ${dep} points backwards`);
      edges++;
    }
    if (p.native) assert.match(p.files.get("setup.py") ?? "", /Extension\("[a-z_]+\._native", \["src\/native\.c"\]\)/);
    assert.ok(corpus.requirements.split("\n").includes(`${p.name}==${p.version}`), `${p.name} pinned`);
  }
  assert.ok(edges >= corpus.packages.length / 2, "a real dependency graph");
});
