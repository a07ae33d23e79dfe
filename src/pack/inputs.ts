// Pack step "inputs": requirements files and inline specs → requirement lines and file options.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PyvendorError } from "../errors.js";
import type { Pylock } from "../standards/pylock.js";
import { isPylockFile, readPylock } from "./pylock-input.js";
import { parseRequirement, requirementToString } from "../standards/requirement.js";
import {
  parseRequirementsFile,
  type RequirementLine,
  type RequirementsFileOptions,
} from "../standards/requirements-file.js";

export interface PackInputs {
  lines: RequirementLine[];
  constraints: RequirementLine[];
  options: RequirementsFileOptions;
  /** The top-level requirements as given, for the manifest. */
  requirements: string[];
  /** PEP 751 lock files given with -r (pylock.toml, pylock.<name>.toml); applied per target. */
  pylocks: Pylock[];
}

function emptyOptions(): RequirementsFileOptions {
  return {
    extraIndexUrls: [],
    noIndex: false,
    findLinks: [],
    pre: false,
    onlyBinary: [],
    noBinary: [],
    preferBinary: false,
    requireHashes: false,
    trustedHosts: [],
  };
}

function merge(into: RequirementsFileOptions, from: RequirementsFileOptions): void {
  if (from.indexUrl !== undefined) into.indexUrl = from.indexUrl;
  into.extraIndexUrls.push(...from.extraIndexUrls);
  into.noIndex ||= from.noIndex;
  into.findLinks.push(...from.findLinks);
  into.pre ||= from.pre;
  into.onlyBinary.push(...from.onlyBinary);
  into.noBinary.push(...from.noBinary);
  into.preferBinary ||= from.preferBinary;
  into.requireHashes ||= from.requireHashes;
  into.trustedHosts.push(...from.trustedHosts);
}

/**
 * Reads every requirements file (pip's format, `${VAR}` from `env`) and parses inline specs.
 * Paths in the result are absolute. Throws the standards layer's errors (file:line in messages).
 */
export function readPackInputs(options: {
  requirementFiles: string[];
  /** Constraints files (-c on the command line): every line of them is a constraint. */
  constraintFiles?: string[];
  specs: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}): PackInputs {
  const lines: RequirementLine[] = [];
  const constraints: RequirementLine[] = [];
  const merged = emptyOptions();
  const files = [
    ...options.requirementFiles.map((file) => ({ file, constraint: false })),
    ...(options.constraintFiles ?? []).map((file) => ({ file, constraint: true })),
  ];
  const pylocks: Pylock[] = [];
  for (const { file, constraint } of files) {
    if (!constraint && isPylockFile(file)) {
      const full = path.resolve(options.cwd, file);
      let text: string;
      try {
        text = readFileSync(full, "utf8");
      } catch (err: unknown) {
        throw new PyvendorError("E_REQUIREMENTS_NOT_FOUND", `Cannot read the lock file ${full}`, { cause: err });
      }
      pylocks.push(readPylock(text, full));
      continue;
    }
    const parsed = parseRequirementsFile(path.resolve(options.cwd, file), {
      readFile: (p) => readFileSync(p, "utf8"),
      env: options.env,
      cwd: options.cwd,
    });
    (constraint ? constraints : lines).push(...parsed.requirements);
    constraints.push(...parsed.constraints);
    merge(merged, parsed.options);
  }
  options.specs.forEach((spec, i) => {
    lines.push({ requirement: parseRequirement(spec), hashes: [], source: { file: "<command line>", line: i + 1 } });
  });
  const requirements = [
    ...lines.map((l) => requirementToString(l.requirement)),
    ...pylocks.flatMap((lock) => lock.packages.filter((p) => p.version).map((p) => `${p.name}==${p.version}`)),
  ];
  return { lines, constraints, options: merged, requirements, pylocks };
}
