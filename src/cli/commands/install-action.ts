// The work of `pyvendor install`, into a venv or as a release, and the options both forms share (no commander).
import type { EventSink } from "../../events.js";
import { formatMs } from "../format.js";
import { runCommand, type GlobalFlags } from "../run.js";

export interface InstallFlags {
  venv?: string;
  releases?: string;
  check?: string[];
  keep?: number;
  wait?: boolean;
  python?: string;
  force?: boolean;
  cacheDir?: string;
  linkMode?: "auto" | "reflink" | "hardlink" | "copy";
  compile?: boolean;
  relocatable?: boolean;
  checkImports?: boolean;
  withPip?: boolean;
  jobs?: number;
}

/** Options shared by --venv and --releases: flags, then PYVENDOR_* and config files (one precedence). */
export async function installOptions(flags: InstallFlags) {
  const { resolveConfig } = await import("../config/resolve.js");
  const { flagValues } = await import("../config/apply.js");
  const config = resolveConfig({
    env: process.env,
    cwd: process.cwd(),
    flags: flagValues({
      python: flags.python ? [flags.python] : undefined,
      "cache-dir": flags.cacheDir,
      "link-mode": flags.linkMode,
      compile: flags.compile,
      jobs: flags.jobs,
    }),
  });
  const python = config.get<string[]>("python")?.[0];
  const cacheDir = config.get<string>("cache-dir");
  const linkMode = config.get<string>("link-mode") as InstallFlags["linkMode"];
  const jobs = config.get<number>("jobs");
  return {
    ...(python ? { python } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(linkMode ? { linkMode } : {}),
    compile: Boolean(config.get<boolean>("compile")),
    relocatable: Boolean(flags.relocatable),
    checkImports: Boolean(flags.checkImports),
    withPip: Boolean(flags.withPip),
    ...(jobs ? { jobs } : {}),
  };
}

/** `install --releases`: loads only the deploy code unless the release has to be built. */
async function installAsRelease(bundle: string, flags: InstallFlags, event: EventSink) {
  if (flags.venv !== undefined || flags.force) {
    const { PyvendorError } = await import("../../errors.js");
    throw new PyvendorError(
      "E_USAGE",
      flags.force ? "--force does not go with --releases: releases are immutable (a damaged one is rebuilt)" : "give either --venv or --releases, not both",
    );
  }
  const { installRelease } = await import("../../install/release.js");
  const result = await installRelease({
    bundle,
    releases: flags.releases as string,
    ...(await installOptions(flags)),
    ...(flags.check ? { checks: flags.check } : {}),
    ...(flags.keep !== undefined ? { keep: flags.keep } : {}),
    ...(flags.wait === false ? { wait: false } : {}),
    events: event,
  });
  const lines = [
    result.reused
      ? `switched to release ${result.release} (already installed and intact) in ${formatMs(result.durationMs)}`
      : `installed release ${result.release} (${result.packages.length} package${result.packages.length === 1 ? "" : "s"}, ${result.files} files) in ${formatMs(result.durationMs)}`,
    `  current -> releases/${result.current}${result.from && result.from !== result.current ? ` (was ${result.from})` : ""}`,
  ];
  if (result.removed.length > 0) lines.push(`  removed old releases: ${result.removed.join(", ")}`);
  return { result, lines };
}

/** Runs `install BUNDLE --releases ROOT` as a whole command (output, errors, exit status). */
export async function runInstallRelease(bundle: string, flags: InstallFlags, globals: GlobalFlags): Promise<void> {
  await runCommand("install", globals, (output) => installAsRelease(bundle, flags, output.event));
}

/** `install BUNDLE --venv DIR`: the venv form's checks, the install, its summary. */
async function installIntoVenv(bundle: string, flags: InstallFlags, event: EventSink) {
  const { PyvendorError } = await import("../../errors.js");
  if (!flags.venv) {
    throw new PyvendorError("E_USAGE", "install needs a destination: --venv DIR (or --releases ROOT)");
  }
  if (flags.check || flags.keep !== undefined || flags.wait === false) {
    throw new PyvendorError("E_USAGE", "--check, --keep and --no-wait go with --releases ROOT, not --venv");
  }
  const [{ install }, { shortBundleId }] = await Promise.all([import("../../install/venv.js"), import("../../bundle/manifest.js")]);
  const result = await install({
    bundle,
    venv: flags.venv,
    ...(await installOptions(flags)),
    force: Boolean(flags.force),
    events: event,
  });
  return {
    result,
    lines: [
      `installed ${result.packages.length} packages (${result.files} files) into ${result.venv} in ${formatMs(result.durationMs)}`,
      `  python ${result.python} (${result.target}), bundle id ${shortBundleId(result.bundleId)}`,
      `  unpacked-wheel store: ${result.store.hits} reused, ${result.store.misses} unpacked now`,
    ],
  };
}

/** Runs `install BUNDLE --venv DIR` (or with no destination, which is E_USAGE) as a whole command. */
export async function runInstallVenv(bundle: string, flags: InstallFlags, globals: GlobalFlags): Promise<void> {
  await runCommand("install", globals, (output) => installIntoVenv(bundle, flags, output.event));
}
