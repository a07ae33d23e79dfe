// Facts about the machine and tools a result was measured with, so results from two runs can be compared.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { repoRoot } from "../test/helpers/paths.js";
import { benchEnv } from "./context.js";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  python: string;
  pythonPath: string;
  pip: string;
  /** git commit of the tree that was measured, with "+dirty" when it had uncommitted changes. */
  commit: string;
  /** 1-minute load average when the bench started and when it ended: above the core count, other work competed. */
  loadAverage: { start: number; end?: number };
}

function output(argv: string[]): string {
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: "utf8", env: benchEnv(), cwd: repoRoot });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (m?.[1]) return m[1];
  } catch {
    // Not Linux, or no os-release: fall back to Node's view.
  }
  return `${os.type()} ${os.release()}`;
}

/** Reads the machine facts; `python` is the target interpreter of the bench. */
export function machineInfo(python: string): MachineInfo {
  const dirty = output(["git", "status", "--porcelain"]) !== "";
  return {
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    kernel: os.release(),
    node: process.version,
    python: output([python, "-c", "import sys; print(sys.version.split()[0])"]),
    pythonPath: python,
    pip: output([python, "-m", "pip", "--version"]).split(" from ")[0] ?? "unknown",
    commit: `${output(["git", "rev-parse", "--short", "HEAD"])}${dirty ? "+dirty" : ""}`,
    loadAverage: { start: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
  };
}
