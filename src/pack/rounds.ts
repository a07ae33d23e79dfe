// The rounds of a pack: fetch → build → verify → close, until closing the dependency set adds no
// work. runRounds drives the effects through ports; what one round adds to the state is the pure
// afterBuild / afterClose, unit-tested with fakes.
import type { EventSink, Phase } from "../events.js";
import type { Target } from "../python/target.js";
import type { FailedBuild, PackedWheel } from "./build-step.js";
import { computeClosure, type ClosureResult } from "./closure.js";
import type { FetchedSource, FetchItem, FetchStepResult } from "./fetch-step.js";
import type { PinUpdate } from "./pin-dependencies.js";
import type { Pin } from "./plan.js";

/** The effects of a round. */
export interface RoundPorts {
  fetch(items: FetchItem[]): Promise<FetchStepResult>;
  build(requests: FetchStepResult["builds"]): Promise<{ wheels: PackedWheel[]; failures: FailedBuild[] }>;
  /** Checks the wheels that arrived in this round (throws on a bad one). */
  verify(wheels: PackedWheel[]): Promise<void>;
  /** A wheel's Requires-Dist and Requires-Python. */
  dependenciesOf(wheel: PackedWheel): Promise<{ requiresDist: string[]; requiresPython?: string }>;
  /** Pins for what the closure found missing (from the index), or more targets for existing pins. */
  pinMissing(pins: Pin[], closure: ClosureResult): Promise<PinUpdate>;
  /** Wraps a step in phase-start / phase-end events. */
  timed<T>(phase: Phase, step: () => Promise<T>, total?: number): Promise<T>;
}

export interface RoundsState {
  /** Every pin so far: the planned ones, then those pinned from the index, in that order. */
  pins: Pin[];
  wheels: PackedWheel[];
  failures: FailedBuild[];
  sources: Map<string, FetchedSource>;
  notes: string[];
  downloaded: number;
  fromCache: number;
  /** Dependencies the requirements did not pin, pinned from the index. */
  pinnedFromIndex: number;
  requiresDist: Map<string, string[]>;
  requiresPython: Map<string, string>;
  closure: ClosureResult;
}

export function initialState(pins: Pin[], targets: Target[]): RoundsState {
  return {
    pins: [...pins], wheels: [], failures: [], sources: new Map(), notes: [], downloaded: 0, fromCache: 0, pinnedFromIndex: 0,
    requiresDist: new Map(), requiresPython: new Map(), closure: computeClosure([], new Map(), targets),
  };
}

/** The state with a round's fetched and built wheels, sources, notes, failures and counts added (pure). */
export function afterBuild(state: RoundsState, fetched: FetchStepResult, built: { wheels: PackedWheel[]; failures: FailedBuild[] }): RoundsState {
  return {
    ...state,
    wheels: [...state.wheels, ...fetched.wheels, ...built.wheels],
    failures: [...state.failures, ...built.failures],
    sources: new Map([...state.sources, ...fetched.sources]),
    notes: [...state.notes, ...fetched.notes],
    downloaded: state.downloaded + fetched.downloaded,
    fromCache: state.fromCache + fetched.fromCache,
  };
}

/**
 * The state after closing: new pins appended; the next round's work is each new pin for its
 * targets and each extended pin for its new targets only. Extended pins get their targets
 * widened in place, since the wheels of earlier rounds refer to them.
 */
export function afterClose(state: RoundsState, update: PinUpdate): { state: RoundsState; work: FetchItem[] } {
  for (const { pin, targets } of update.extended) pin.targets = [...new Set([...pin.targets, ...targets])].sort();
  return {
    state: { ...state, pins: [...state.pins, ...update.added], pinnedFromIndex: state.pinnedFromIndex + update.added.length },
    work: [...update.added.map((pin) => ({ pin, targets: pin.targets })), ...update.extended.map(({ pin, targets }) => ({ pin, targets }))],
  };
}

/** Runs rounds from `pins` until no work is left; build failures are collected, not thrown. */
export async function runRounds(pins: Pin[], targets: Target[], ports: RoundPorts, events: EventSink): Promise<RoundsState> {
  let state = initialState(pins, targets);
  let work: FetchItem[] = pins.map((pin) => ({ pin, targets: pin.targets }));
  while (work.length > 0) {
    const items = work;
    const fetched = await ports.timed("fetch", () => ports.fetch(items), items.length);
    const built = await ports.timed("build", () => ports.build(fetched.builds), fetched.builds.reduce((n, r) => n + r.targets.length, 0));
    const arrived = [...fetched.wheels, ...built.wheels];
    await ports.timed("verify", () => ports.verify(arrived), arrived.length);
    state = afterBuild(state, fetched, built);
    const current = state;
    const update = await ports.timed("close", async () => {
      for (const pin of current.pins) {
        const wheel = current.wheels.find((w) => w.pin.name === pin.name);
        if (!wheel || current.requiresDist.has(pin.name)) continue;
        const metadata = await ports.dependenciesOf(wheel);
        current.requiresDist.set(pin.name, metadata.requiresDist);
        if (metadata.requiresPython) current.requiresPython.set(pin.name, metadata.requiresPython);
      }
      current.closure = computeClosure(current.pins, current.requiresDist, targets);
      return ports.pinMissing(current.pins, current.closure);
    });
    for (const pin of update.added) {
      events({ type: "info", message: `pinned ${pin.name}==${pin.version} from the index (required by ${pin.via?.parent})` });
    }
    ({ state, work } = afterClose(state, update));
  }
  return state;
}
