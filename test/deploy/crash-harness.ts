// Crash harness for `install --releases`: SIGKILL installs at random moments, then check the root is consistent.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { isStagingName, isTempName } from "../../src/deploy/layout.js";
import { readRecord, releaseProblem } from "../../src/deploy/record.js";
import { runCli } from "../helpers/cli.js";
import { cliPath } from "../helpers/paths.js";
import { writeVariant } from "./bundle-variants.js";
import type { FixtureBundles } from "./fixture-bundles.js";

export interface CrashOptions {
  runs: number;
  seed: number;
  workDir: string;
  bundles: FixtureBundles;
  /** Directory bundle to derive family B's variants from (a directory copy of bundle B). */
  bundleBDir: string;
  log?: (line: string) => void;
}

export interface CrashReport {
  runs: number;
  /** Median duration of the latest full installs (ms), the range kills are spread over. */
  installMs: number;
  /** Boundaries (ms after spawn) of the phases seen in the measured install. */
  boundaries: number[];
  /** What the killed command had reached, by what it left on disk. */
  outcomes: Record<string, number>;
}

/** sfc32-style small PRNG (deterministic for a seed). */
function prng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `args` and SIGKILLs it after `delayMs`; resolves true when it was killed (not finished first). */
function runAndKill(args: string[], env: NodeJS.ProcessEnv, delayMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === "SIGKILL");
    });
  });
}

/**
 * Runs `args` with `--json -v` to completion and returns its duration and the times (ms after
 * spawn) at which it reported a phase starting or ending or a check passing: the windows between
 * them are the phases kills are aimed at.
 */
function measure(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; boundaries: number[] }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cliPath, "--json", "-v", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    const boundaries: number[] = [];
    let pending = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      const at = performance.now() - start;
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (/"type":"(phase-start|phase-end|info)"/.test(line)) boundaries.push(at);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`measured install exited ${code}`));
      else resolve({ ms: performance.now() - start, boundaries });
    });
  });
}

function names(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** What a killed run left: the furthest phase its traces show. */
function classify(root: string, before: string | undefined): string {
  const releases = path.join(root, "releases");
  const left = names(releases);
  if (left.some(isStagingName)) return "killed while staging or removing";
  if (left.some((n) => !n.startsWith(".") && !readRecord(path.join(releases, n)))) return "killed after the rename, before the record";
  if (names(root).some(isTempName)) return "killed while switching or writing history";
  const now = existsSync(path.join(root, "current")) ? readlinkSync(path.join(root, "current")) : undefined;
  return now !== before ? "switched (killed after the switch or finished)" : "no trace (killed early, or a record without a switch)";
}

/** `current` points to a complete, intact release whose console script runs. */
function assertCurrentWorks(root: string, env: NodeJS.ProcessEnv, context: string): string {
  const target = readlinkSync(path.join(root, "current"));
  assert.match(target, /^releases\/[^/]+$/, `${context}: current -> ${target}`);
  const dir = path.join(root, target);
  assert.equal(releaseProblem(dir), undefined, `${context}: current release ${target} is not intact`);
  const hello = spawnSync(path.join(root, "current", "bin", "hello"), ["crash"], { env, encoding: "utf8" });
  assert.equal(hello.stdout.trim(), "Hello, crash!", `${context}: hello in ${target}: ${hello.stderr}`);
  return target;
}

function assertNoLeftovers(root: string, context: string): void {
  const releases = path.join(root, "releases");
  for (const n of names(releases)) {
    assert.ok(!n.startsWith("."), `${context}: leftover releases/${n}`);
    assert.ok(readRecord(path.join(releases, n)), `${context}: releases/${n} has no record`);
  }
  assert.deepEqual(names(root).filter(isTempName), [], `${context}: temp files in ROOT`);
  const locks = names(path.join(root, ".pyvendor-lock"));
  assert.equal(locks.length, 1, `${context}: lock dir holds ${locks.join(", ")}`);
}

/**
 * Installs variants of bundles A and B (alternating) into one root, SIGKILLing each at a random
 * moment spread over a measured install's duration; after every kill, checks `current` and runs
 * the same install uninterrupted, which must succeed, switch, and leave no leftovers.
 */
export async function runCrashRounds(options: CrashOptions): Promise<CrashReport> {
  const { env } = options.bundles;
  const random = prng(options.seed);
  const root = path.join(options.workDir, "root");
  const variants = path.join(options.workDir, "variants");
  const families = [options.bundles.a, options.bundleBDir];
  const install = (bundle: string) => ["install", bundle, "--releases", root, "--keep", "3", "--check", "hello crash"];
  let next = 0;
  const fresh = async () => {
    const i = next++;
    const dir = path.join(variants, `v${i}`);
    const id = await writeVariant(families[i % 2] as string, dir, `${i}`);
    return { dir, id };
  };
  await runCli(install((await fresh()).dir), { env }).then((res) => assert.equal(res.code, 0, res.stderr));
  const measured = await measure(install((await fresh()).dir), env);
  // Phase edges as fractions of that run; the duration they scale to follows the machine's load:
  // the median of the latest uninterrupted full installs.
  const fractions = [...new Set([0, ...measured.boundaries.map((b) => b / measured.ms), 1.1])].sort((a, b) => a - b);
  const durations = [measured.ms];
  const installMs = () => [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)] as number;
  // Half the kills uniform over the whole run, half aimed at a phase picked uniformly (the short
  // ones, staging, rename, checks, record and switch, would otherwise rarely be hit).
  const pickDelay = () => {
    if (random() < 0.5) return random() * installMs() * 1.1;
    const w = Math.floor(random() * (fractions.length - 1));
    const lo = fractions[w] as number;
    return (lo + random() * ((fractions[w + 1] as number) - lo)) * installMs();
  };
  const outcomes: Record<string, number> = {};
  const installed: string[] = [];
  for (let run = 0; run < options.runs; run++) {
    const before = readlinkSync(path.join(root, "current"));
    const kind = random();
    // Mostly fresh installs (every phase); some re-installs of a kept release and some rollbacks.
    let args: string[];
    let variant: { dir: string; id: string } | undefined;
    if (kind < 0.8 || installed.length === 0) {
      variant = await fresh();
      args = install(variant.dir);
    } else if (kind < 0.9) {
      args = install(installed[installed.length - 1 - Math.floor(random() * Math.min(2, installed.length))] as string);
    } else {
      args = ["rollback", root];
    }
    // Re-installs and rollbacks take a fraction of a full install.
    const delay = Math.floor(variant ? pickDelay() : random() * 200);
    const killed = await runAndKill(args, env, delay);
    const what = killed ? classify(root, before) : "finished before the kill";
    outcomes[what] = (outcomes[what] ?? 0) + 1;
    const context = `run ${run} (seed ${options.seed}, ${args[0]} killed after ${delay} ms: ${what})`;
    assertCurrentWorks(root, env, context);
    variant ??= await fresh();
    const recoveryStart = performance.now();
    const res = await runCli(install(variant.dir), { env });
    assert.equal(res.code, 0, `${context}: the next install failed:\n${res.stderr}`);
    if (res.stdout.startsWith("installed release")) {
      durations.push(performance.now() - recoveryStart);
      if (durations.length > 9) durations.shift();
    }
    const now = assertCurrentWorks(root, env, `${context}, after the next install`);
    assert.equal(readRecord(path.join(root, now))?.bundleId, variant.id, `${context}: current is not the bundle just installed`);
    assertNoLeftovers(root, `${context}, after the next install`);
    installed.push(variant.dir);
    options.log?.(`run ${run}: ${what} (${args[0]}, ${delay} ms)`);
  }
  return { runs: options.runs, installMs: Math.round(installMs()), boundaries: measured.boundaries.map(Math.round), outcomes };
}
