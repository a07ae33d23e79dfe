// A private apt configuration for the corpus (own sources, state and cache; /etc/apt untouched) and the calls made under it.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runProgram, type RunResult } from "../../../src/subprocess.js";

/** deb-src suites: several pins exist only in sid or a -security suite. */
const SOURCES = [
  "deb-src http://deb.debian.org/debian bookworm main",
  "deb-src http://deb.debian.org/debian trixie main",
  "deb-src http://deb.debian.org/debian sid main",
  "deb-src http://deb.debian.org/debian bullseye main",
  "deb-src http://deb.debian.org/debian-security bookworm-security main",
  "deb-src http://deb.debian.org/debian-security trixie-security main",
  "deb-src http://deb.debian.org/debian-security bullseye-security main",
  // binary packages, for the python3-*-whl wheels
  "deb http://deb.debian.org/debian bookworm main",
];

export interface Apt {
  /** Runs `timeout SECONDS apt-get ARGS` in `cwd` under the private configuration. */
  run(args: string[], options: { cwd: string; timeoutSeconds: number }): Promise<RunResult>;
}

/** Called for every process the corpus starts, so that a run can show (and a person check) it made none. */
export type SpawnLog = (command: string) => void;

/**
 * Writes the private configuration under `root` (sources.list, an empty sourceparts dir, state
 * and cache dirs) and returns a runner. Every call is bounded by coreutils `timeout`.
 */
export async function privateApt(root: string, log: SpawnLog): Promise<Apt> {
  const etc = path.join(root, "etc");
  await mkdir(path.join(etc, "sources.list.d"), { recursive: true });
  await mkdir(path.join(root, "state", "lists", "partial"), { recursive: true });
  await mkdir(path.join(root, "cache", "archives", "partial"), { recursive: true });
  await writeFile(path.join(etc, "sources.list"), SOURCES.join("\n") + "\n");
  const conf = path.join(etc, "apt.conf");
  await writeFile(
    conf,
    [
      `Dir::Etc::sourcelist "${path.join(etc, "sources.list")}";`,
      `Dir::Etc::sourceparts "${path.join(etc, "sources.list.d")}";`,
      `Dir::State "${path.join(root, "state")}";`,
      `Dir::State::status "/var/lib/dpkg/status";`,
      `Dir::Cache "${path.join(root, "cache")}";`,
      `Acquire::Languages "none";`,
      "",
    ].join("\n"),
  );
  return {
    run: (args, options) => {
      log(`apt-get ${args.join(" ")}`);
      return runProgram("timeout", [String(options.timeoutSeconds), "apt-get", ...args], {
        cwd: options.cwd,
        env: { ...process.env, APT_CONFIG: conf, LC_ALL: "C" },
      });
    },
  };
}
