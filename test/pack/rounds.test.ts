// The rounds of a pack with fake ports: fetch → build → verify → close until closing adds no work.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PyvendorEvent } from "../../src/events.js";
import type { PackedWheel } from "../../src/pack/build-step.js";
import type { FetchItem, FetchStepResult } from "../../src/pack/fetch-step.js";
import type { Pin } from "../../src/pack/plan.js";
import { afterBuild, afterClose, initialState, runRounds, type RoundPorts } from "../../src/pack/rounds.js";
import type { Target } from "../../src/python/target.js";
import { fakeTarget } from "../helpers/fake-target.js";

/** A Linux CPython 3.11 target (no interpreter needed) under the id the test names. */
const target = (id: string): Target => {
  const t = fakeTarget();
  return { ...t, manifest: { ...t.manifest, id } };
};
const pin = (name: string, targets: string[], via?: string): Pin => ({
  name, version: "1.0", extras: [], hashes: [], requested: via === undefined, targets, ...(via ? { via: { parent: via, requirement: name } } : {}),
});
const wheelOf = (item: FetchItem): PackedWheel => ({
  pin: item.pin, filename: `${item.pin.name}-1.0-py3-none-any.whl`, path: `/fake/${item.pin.name}.whl`, sha256: "0".repeat(64), size: 1,
  tags: ["py3-none-any"], origin: "downloaded", targets: item.targets, url: `https://example/${item.pin.name}`, systemLibraries: [],
});
const fetched = (items: FetchItem[]): FetchStepResult => ({ wheels: items.map(wheelOf), builds: [], sources: new Map(), downloaded: items.length, fromCache: 0, notes: [] });

test("a dependency found in round 1 is pinned and fetched in round 2; then the rounds end", async () => {
  const requires: Record<string, string[]> = { app: ["lib>=1", "other; sys_platform == 'win32'"], lib: [] };
  const phases: string[] = [];
  const fetchedItems: string[][] = [];
  const events: PyvendorEvent[] = [];
  const ports: RoundPorts = {
    fetch: async (items) => {
      fetchedItems.push(items.map((i) => i.pin.name));
      return fetched(items);
    },
    build: async () => ({ wheels: [], failures: [] }),
    verify: async () => undefined,
    dependenciesOf: async (wheel) => ({ requiresDist: requires[wheel.pin.name] ?? [] }),
    pinMissing: async (pins, closure) => ({
      added: closure.missing.filter((m) => !pins.some((p) => p.name === m.name)).map((m) => pin(m.name, ["t1"], m.requiredBy)),
      extended: [],
    }),
    timed: async (phase, step) => {
      phases.push(phase);
      return step();
    },
  };
  const state = await runRounds([pin("app", ["t1"])], [target("t1")], ports, (e) => events.push(e));
  assert.deepEqual(fetchedItems, [["app"], ["lib"]]);
  assert.deepEqual(phases, ["fetch", "build", "verify", "close", "fetch", "build", "verify", "close"]);
  assert.deepEqual(state.pins.map((p) => p.name), ["app", "lib"]);
  assert.deepEqual(state.wheels.map((w) => w.filename), ["app-1.0-py3-none-any.whl", "lib-1.0-py3-none-any.whl"]);
  assert.equal(state.pinnedFromIndex, 1);
  assert.equal(state.downloaded, 2);
  assert.deepEqual(state.closure.dependencies.get("app"), ["lib"], "the win32-only requirement does not apply on linux");
  assert.deepEqual(events.map((e) => (e.type === "info" ? e.message : e.type)), ["pinned lib==1.0 from the index (required by app)"]);
});

test("afterBuild adds a round's wheels, sources, notes, failures and counts; the state before is unchanged", () => {
  const before = initialState([pin("a", ["t1"])], [target("t1")]);
  const item = { pin: before.pins[0] as Pin, targets: ["t1"] };
  const round = { ...fetched([item]), sources: new Map([["a", { filename: "a-1.0.tar.gz", url: "u", sha256: "s", size: 1, localPath: "/p" }]]), notes: ["n"], fromCache: 1 };
  const failure = { pin: item.pin, target: "t2", error: new Error("boom") };
  const after = afterBuild(before, round, { wheels: [], failures: [failure] });
  assert.deepEqual([after.wheels.length, after.failures.length, after.notes, after.downloaded, after.fromCache, [...after.sources.keys()]], [1, 1, ["n"], 1, 1, ["a"]]);
  assert.deepEqual([before.wheels.length, before.failures.length, before.notes, before.sources.size], [0, 0, [], 0]);
});

test("afterClose: new pins go to the next round for their targets, extended pins only for their new targets", () => {
  const a = pin("a", ["t1"]);
  const state = initialState([a], [target("t1"), target("t2")]);
  const b = pin("b", ["t1", "t2"], "a");
  const { state: next, work } = afterClose(state, { added: [b], extended: [{ pin: a, targets: ["t2"] }] });
  assert.deepEqual(next.pins.map((p) => p.name), ["a", "b"]);
  assert.equal(next.pinnedFromIndex, 1);
  assert.deepEqual(work.map((w) => [w.pin.name, w.targets]), [["b", ["t1", "t2"]], ["a", ["t2"]]]);
  assert.deepEqual(a.targets, ["t1", "t2"], "the extended pin serves both targets now");
  assert.deepEqual(afterClose(next, { added: [], extended: [] }).work, [], "no work: the rounds end");
});
