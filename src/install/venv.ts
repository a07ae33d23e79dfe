// The install pipeline for a plain venv (orchestration only): prepare → stage venv → swap.
import path from "node:path";
import { silentSink, timed } from "../events.js";
import { stageAndSwap } from "../python/stage.js";
import { checkCanCreate } from "../user-paths.js";
import { packagesOf, populateVenv } from "./populate.js";
import { prepare, type BaseInstallOptions } from "./prepare.js";

export interface InstallOptions extends BaseInstallOptions {
  /** Where the venv goes (created atomically). */
  venv: string;
  /** Replace an existing venv atomically. */
  force?: boolean;
}

export interface InstallResult {
  venv: string;
  bundleId: string;
  python: string;
  target: string;
  packages: { name: string; version: string; wheel: string }[];
  files: number;
  /** Wheels found already unpacked in the store (linked), and wheels unpacked into it now. */
  store: { hits: number; misses: number };
  durationMs: number;
}

/** Installs a bundle into a new venv, offline. Nothing is written to `venv` before every check passed. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const started = performance.now();
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const finalPath = path.resolve(options.venv);
  await checkCanCreate(finalPath, "create"); // a path mistake is reported before the bundle is read
  const prepared = await prepare(options, { events, env });
  try {
    const report = await timed(events, "stage", () =>
      stageAndSwap(finalPath, { force: Boolean(options.force) }, (stagingDir) =>
        populateVenv(prepared, { stagingDir, finalPath }, options, events),
      ),
    );
    return {
      venv: finalPath,
      bundleId: prepared.manifest.id,
      python: prepared.target.info.executable,
      target: prepared.target.manifest.id,
      packages: packagesOf(prepared.selected),
      files: report.files,
      store: { hits: report.storeHits, misses: report.storeMisses },
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await prepared.close();
  }
}
