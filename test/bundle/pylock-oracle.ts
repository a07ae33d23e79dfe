// packaging.pylock (packaging >= 25) as an independent reader of our pylock.toml files.
import { execa } from "execa";
import { cleanEnv } from "../helpers/env.js";

/** What packaging.pylock selected: package name → wheel path, or an error message. */
export interface OracleResult {
  selected?: [string, string][];
  error?: string;
}

const SCRIPT = `
import json, sys, tomllib
from packaging.pylock import Pylock
from packaging.tags import Tag
args = json.loads(sys.argv[1])
with open(args["file"], "rb") as f:
    lock = Pylock.from_dict(tomllib.load(f))
lock.validate()
kw = {}
if args.get("environment"):
    kw["environment"] = args["environment"]
if args.get("tags"):
    kw["tags"] = [Tag(*t.split("-")) for t in args["tags"]]
print(json.dumps({"selected": sorted([p.name, d.path] for p, d in lock.select(**kw))}))
`;

/** True when the python3 on PATH has packaging.pylock. */
export async function hasPylockOracle(): Promise<boolean> {
  const r = await execa("python3", ["-c", "import packaging.pylock"], { env: cleanEnv(), extendEnv: false, reject: false });
  return r.exitCode === 0;
}

/**
 * Parses and validates `file` with packaging.pylock and selects what it would install for the
 * given marker environment and tags (default: the running python3).
 */
export async function pylockSelect(file: string, options: { environment?: Record<string, string>; tags?: string[] } = {}): Promise<OracleResult> {
  const r = await execa("python3", ["-c", SCRIPT, JSON.stringify({ file, ...options })], { env: cleanEnv(), extendEnv: false, reject: false });
  if (r.exitCode !== 0) return { error: r.stderr.trim().split("\n").slice(-3).join("\n") };
  return JSON.parse(r.stdout) as OracleResult;
}
