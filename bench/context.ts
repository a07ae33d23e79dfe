// What every benchmark case gets: options, the corpus, the index, the pyvendor CLI, artifacts, and logging.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { cleanEnv } from "../test/helpers/env.js";
import { cliPath, repoRoot } from "../test/helpers/paths.js";
import type { Artifacts } from "./artifacts.js";
import type { BenchIndex } from "./bench-index.js";
import type { CorpusOnDisk } from "./corpus/write.js";
import type { ContenderResult } from "./harness.js";
import type { Command } from "./measure.js";
import type { BenchOptions } from "./options.js";

/** A target (from the project's issues) checked against a measured value; never fails the process. */
export interface Verdict {
  label: string;
  /** The measured value (a ratio, MB, a request count); undefined when it could not be measured. */
  value?: number;
  unit: "x" | "MB" | "requests" | "pins";
  /** e.g. "<= 0.5x"; absent for informative rows. */
  target?: string;
  pass?: boolean;
  /** Why the value is missing, or a caveat. */
  note?: string;
}

export interface CaseResult {
  id: string;
  title: string;
  contenders: ContenderResult[];
  verdicts: Verdict[];
  notes: string[];
}

export interface Pyvendor {
  available: boolean;
  /** Why it is not available. */
  reason?: string;
  /** What `--version` printed. */
  version?: string;
  /** `node bin/pyvendor.js <args>` with the clean environment. */
  command(args: string[], cwd?: string): Command;
}

export interface BenchContext {
  options: BenchOptions;
  corpus: CorpusOnDisk;
  index: BenchIndex;
  pyvendor: Pyvendor;
  /** Scratch root of this bench run (under bench/work/), removed at the end unless --keep. */
  runDir: string;
  artifacts: Artifacts;
  /** Results of the cases already run, by id (for ratios across cases). */
  done: Map<string, CaseResult>;
  log(line: string): void;
}

/** The environment of every child: no PIP_ or PYVENDOR_ variables, pip's config file disabled. */
export function benchEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cleanEnv(extra);
}

/**
 * Detects the pyvendor CLI: `script` when given, else this tree's bin/pyvendor.js with its
 * compiled dist/src/cli/main.js; it must answer --version.
 */
export function detectPyvendor(script?: string): Pyvendor {
  const cli = script ? path.resolve(script) : cliPath;
  const command = (args: string[], cwd?: string): Command => ({ argv: [process.execPath, cli, ...args], env: benchEnv(), ...(cwd ? { cwd } : {}) });
  const main = script ? cli : path.join(repoRoot, "dist", "src", "cli", "main.js");
  if (!existsSync(main)) return { available: false, reason: script ? `${cli}: no such file` : "pyvendor CLI not available yet", command };
  const probe = spawnSync(process.execPath, [cli, "--version"], { env: benchEnv(), encoding: "utf8" });
  if (probe.status !== 0) {
    return { available: false, reason: `pyvendor CLI not available yet (--version exited ${probe.status}: ${(probe.stderr ?? "").trim().split("\n")[0]})`, command };
  }
  return { available: true, version: probe.stdout.trim(), command };
}
