// pip's requirements-file format, parsed purely: file reading is injected, nothing touches the disk.
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import { normalizeName } from "./names.js";
import type { Requirement } from "./requirement.js";
import { requirementToString } from "./requirement.js";
import { fileUrlToPath, interpretRequirement, isUrl, joinPath, lineError } from "./requirement-target.js";
import { breakArgsOptions, preprocessRequirements } from "./requirements-lines.js";
import { OptionError, applyFormatControl, parseOptionWords, type ParsedOption } from "./requirements-options.js";
import { ShellSplitError, shellSplit } from "./shell-split.js";
import { pinnedVersion } from "./version.js";

/** One requirement line (or a line of a constraints file). */
export interface RequirementLine {
  requirement: Requirement;
  /** "sha256:<hex>" (also sha384/sha512), lower case, in the order given. */
  hashes: string[];
  /** Where it was written: the file (as joined from the top file's path) and the line number. */
  source: { file: string; line: number };
  /** A local file the line names (archive path, `file:` URL): joined to the including file's directory. */
  path?: string;
  /** A remote file the line names (archive URL, `#egg=` URL, or the URL of `name @ url`). */
  url?: string;
}

/** The global options of all files read, merged in reading order. */
export interface RequirementsFileOptions {
  indexUrl?: string;
  extraIndexUrls: string[];
  noIndex: boolean;
  /** URLs as given; local paths joined to the directory of the file that names them. */
  findLinks: string[];
  pre: boolean;
  /** Normalized names, or ":all:". */
  onlyBinary: string[];
  noBinary: string[];
  preferBinary: boolean;
  requireHashes: boolean;
  trustedHosts: string[];
}

export interface RequirementsFile {
  requirements: RequirementLine[];
  constraints: RequirementLine[];
  options: RequirementsFileOptions;
}

export interface ParseRequirementsFileOptions {
  /** Returns a file's text; throws a Node-style error (code ENOENT) when it does not exist. */
  readFile: (path: string) => string;
  /** Variables for ${NAME} expansion (default: none; unset ones stay as written). */
  env?: Record<string, string | undefined>;
  /** Directory a relative `file` is resolved against (so that paths come out absolute). */
  cwd?: string;
}

const HASH_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

interface Context {
  options: ParseRequirementsFileOptions;
  result: RequirementsFile;
}

function syntax(where: string, message: string): PyvendorError {
  return new PyvendorError("E_REQUIREMENTS_SYNTAX", `${where}: ${message}`);
}

function parseHash(option: ParsedOption, where: string): string {
  const colon = option.value.indexOf(":");
  if (colon < 0) {
    throw syntax(where, `Arguments to ${option.spelling} must be a hash name followed by a value, like --hash=sha256:abcde...`);
  }
  const algorithm = option.value.slice(0, colon);
  const digest = option.value.slice(colon + 1);
  const length = HASH_LENGTHS[algorithm];
  if (length === undefined) throw syntax(where, `Allowed hash algorithms for ${option.spelling} are sha256, sha384, sha512.`);
  if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digest)) {
    throw syntax(where, `${option.spelling}=${option.value}: a ${algorithm} digest is ${length} hexadecimal digits`);
  }
  return `${algorithm}:${digest.toLowerCase()}`;
}

function readText(ctx: Context, file: string, includedBy: string | undefined): string {
  try {
    const text = ctx.options.readFile(file);
    return text.startsWith("\ufeff") ? text.slice(1) : text;
  } catch (error: unknown) {
    const prefix = includedBy ? `${includedBy}: ` : "";
    if (isErrno(error, "ENOENT") || isErrno(error, "ENOTDIR")) {
      throw new PyvendorError("E_REQUIREMENTS_NOT_FOUND", `${prefix}requirements file not found: ${file}`, {
        cause: error,
        data: { file },
      });
    }
    const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
    if (typeof code === "string") {
      throw new PyvendorError("E_IO", `${prefix}cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}

function applyGlobalOption(ctx: Context, option: ParsedOption, file: string, where: string, stack: string[]): void {
  const opts = ctx.result.options;
  const dir = path.posix.dirname(file);
  switch (option.name) {
    case "requirement":
    case "constraint":
      return includeFile(ctx, option, file, where, stack);
    case "index-url":
      opts.indexUrl = option.value;
      return;
    case "extra-index-url":
      opts.extraIndexUrls.push(option.value);
      return;
    case "no-index":
      opts.noIndex = true;
      return;
    case "find-links": {
      const value = option.value;
      const local = value.toLowerCase().startsWith("file:") ? fileUrlToPath(value) : isUrl(value) ? undefined : value;
      opts.findLinks.push(local === undefined ? value : joinPath(dir, local));
      return;
    }
    case "no-binary":
    case "only-binary": {
      const [target, other] = option.name === "no-binary" ? [opts.noBinary, opts.onlyBinary] : [opts.onlyBinary, opts.noBinary];
      try {
        applyFormatControl(option.value, target, other, normalizeName);
      } catch (error: unknown) {
        throw error instanceof OptionError ? syntax(where, error.message) : error;
      }
      return;
    }
    case "prefer-binary":
      opts.preferBinary = true;
      return;
    case "require-hashes":
      opts.requireHashes = true;
      return;
    case "pre":
      opts.pre = true;
      return;
    case "trusted-host":
      opts.trustedHosts.push(option.value);
      return;
    case "use-feature":
      return;
    case "hash":
      throw syntax(where, `${option.spelling} needs a requirement on the same line`);
    default:
      throw syntax(where, `${option.spelling} is not supported`);
  }
}

function includeFile(ctx: Context, option: ParsedOption, file: string, where: string, stack: string[]): void {
  let target = option.value;
  if (target.toLowerCase().startsWith("file:")) target = fileUrlToPath(target);
  else if (isUrl(target)) {
    throw syntax(where, `${option.spelling} ${target}: requirements files are read from disk only; download it first`);
  }
  const nested = joinPath(path.posix.dirname(file), target);
  if (stack.includes(nested)) {
    throw new PyvendorError(
      "E_REQUIREMENTS_CYCLE",
      `${where}: ${option.spelling} ${option.value} includes ${nested} again (${[...stack, nested].join(" -> ")})`,
      { data: { files: [...stack, nested] } },
    );
  }
  readFileLines(ctx, nested, option.name === "constraint", [...stack, nested], `${where}: ${option.spelling} ${option.value}`);
}

function readFileLines(ctx: Context, file: string, constraint: boolean, stack: string[], includedBy?: string): void {
  const text = readText(ctx, file, includedBy);
  for (const { line, text: logical } of preprocessRequirements(text, ctx.options.env ?? {})) {
    const where = `${file}:${line}`;
    const { args, options: optionText } = breakArgsOptions(logical);
    let options: ParsedOption[];
    try {
      const { options: parsed, rest } = parseOptionWords(shellSplit(optionText));
      if (rest.length > 0) throw syntax(where, `unexpected ${JSON.stringify(rest[0])} after the options`);
      options = parsed;
    } catch (error: unknown) {
      if (error instanceof ShellSplitError) throw syntax(where, `could not split options ${optionText} (${error.message})`);
      if (error instanceof OptionError) throw syntax(where, error.message);
      throw error;
    }
    const editable = options.find((o) => o.name === "editable");
    if (editable) {
      throw new PyvendorError(
        "E_EDITABLE_REQUIREMENT",
        `${where}: editable requirement ${editable.spelling} ${editable.value} cannot go into an offline bundle`,
      );
    }
    const refused = options.find((o) => o.name === "global-option" || o.name === "config-settings");
    if (refused) throw syntax(where, `${refused.spelling} is not supported (pyvendor builds with each package's own settings)`);
    if (!args) {
      for (const option of options) applyGlobalOption(ctx, option, file, where, stack);
      continue;
    }
    const misplaced = options.find((o) => o.name !== "hash");
    if (misplaced) throw syntax(where, `${misplaced.spelling} cannot be given on a requirement line`);
    const hashes = [...new Set(options.map((o) => parseHash(o, where)))];
    let target;
    try {
      target = interpretRequirement(args, path.posix.dirname(file));
    } catch (error: unknown) {
      throw lineError(error, where);
    }
    const entry: RequirementLine = { requirement: target.requirement, hashes, source: { file, line } };
    if (target.path !== undefined) entry.path = target.path;
    if (target.url !== undefined) entry.url = target.url;
    (constraint ? ctx.result.constraints : ctx.result.requirements).push(entry);
  }
}

// pip turns hash-checking on with --require-hashes or as soon as one requirement has a hash.
function checkHashMode(result: RequirementsFile): void {
  const requirements = result.requirements;
  const explicit = result.options.requireHashes;
  if (!explicit && !requirements.some((r) => r.hashes.length > 0)) return;
  const why = explicit ? "--require-hashes is on" : "other requirements have --hash, which turns hash-checking on";
  for (const line of requirements) {
    const where = `${line.source.file}:${line.source.line}`;
    const text = requirementToString(line.requirement);
    if (line.hashes.length === 0) {
      throw new PyvendorError("E_HASH_REQUIRED", `${where}: ${text} has no --hash, and ${why}`, { data: { ...line.source } });
    }
    const namesFile = line.path !== undefined || line.url !== undefined;
    if (!namesFile && pinnedVersion(line.requirement.specifier) === undefined) {
      throw new PyvendorError("E_UNPINNED_REQUIREMENT", `${where}: ${text} must be pinned with == when hashes are checked`, {
        data: { ...line.source },
      });
    }
  }
}

/**
 * Parses a requirements file in pip's format, following -r/-c (paths relative to the including
 * file, nested, cycles refused), with continuations, comments, ${VAR} expansion, global options,
 * --hash, direct references and local archives (paths relative to the file naming them).
 * Every error names "file:line". Throws E_REQUIREMENTS_NOT_FOUND, E_REQUIREMENTS_SYNTAX,
 * E_REQUIREMENTS_CYCLE, E_EDITABLE_REQUIREMENT, E_INVALID_REQUIREMENT, E_INVALID_MARKER,
 * E_HASH_REQUIRED, E_UNPINNED_REQUIREMENT (hash-checking mode needs == pins) and E_IO.
 */
export function parseRequirementsFile(file: string, options: ParseRequirementsFileOptions): RequirementsFile {
  const start = options.cwd !== undefined ? joinPath(options.cwd, file) : path.posix.normalize(file);
  const result: RequirementsFile = {
    requirements: [],
    constraints: [],
    options: {
      extraIndexUrls: [], noIndex: false, findLinks: [], pre: false, onlyBinary: [], noBinary: [],
      preferBinary: false, requireHashes: false, trustedHosts: [],
    },
  };
  readFileLines({ options, result }, start, false, [start]);
  checkHashMode(result);
  return result;
}
