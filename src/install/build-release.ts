// `install --releases` when no intact release of the bundle exists: prepare, stage the release, check, record, switch.
import path from "node:path";
import type { OpenedBundle } from "../bundle/read.js";
import { runChecks, type CheckResult } from "../deploy/checks.js";
import { flushFileSystem } from "../deploy/durable.js";
import { removeRelease } from "../deploy/gc.js";
import { makeCurrent } from "../deploy/make-current.js";
import { writeFileList, writeRecord } from "../deploy/record.js";
import { newReleaseName } from "../deploy/reuse.js";
import type { LockedRoot } from "../deploy/root.js";
import { silentSink, timed } from "../events.js";
import { stageAndSwap } from "../python/stage.js";
import { packageVersion } from "../version.js";
import { populateVenv } from "./populate.js";
import { prepare } from "./prepare.js";
import type { ReleaseInstallOptions, ReleaseInstallResult } from "./release.js";

/**
 * The full path of `install --releases` (the caller holds the root's lock and decided that no
 * intact release of this bundle can be reused): verify and select as for a venv, stage the release
 * under releases/, rename it into place, run the health checks in it, write its record, switch.
 * A failed check removes the new release and leaves `current` alone. `opened` is the bundle when
 * the caller opened it already (it is closed here either way).
 */
export async function buildRelease(
  options: ReleaseInstallOptions,
  context: { locked: LockedRoot; started: number; opened?: OpenedBundle },
): Promise<ReleaseInstallResult> {
  const { locked, started } = context;
  const events = options.events ?? silentSink;
  const env = options.env ?? process.env;
  const prepared = await prepare(options, { events, env, ...(context.opened ? { opened: context.opened } : {}) });
  try {
    const { manifest, target } = prepared;
    const name = newReleaseName(locked, manifest);
    const finalPath = path.join(locked.paths.releases, name);
    const { report, files } = await timed(events, "stage", () =>
      stageAndSwap(finalPath, {}, async (stagingDir) => {
        const report = await populateVenv(prepared, { stagingDir, finalPath }, options, events);
        return { report, files: await writeFileList(stagingDir) };
      }),
    );
    const checks = options.checks ?? [];
    let results: CheckResult[];
    try {
      results = await runChecks(checks, { venv: finalPath, env, events });
      await writeRecord(finalPath, {
        format: 1,
        release: name,
        bundleId: manifest.id,
        name: manifest.name ?? null,
        version: manifest.version ?? null,
        bundle: path.resolve(options.bundle),
        installedAt: new Date().toISOString(),
        pyvendor: packageVersion(),
        python: {
          executable: target.info.executable,
          realExecutable: target.info.realExecutable,
          version: target.info.version,
          target: target.manifest.id,
        },
        relocatable: Boolean(options.relocatable),
        checks,
        packages: prepared.selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version })),
        files,
      });
    } catch (err: unknown) {
      await removeRelease(locked.paths, name);
      throw err;
    }
    // Every file of the release (and its record) reaches the disk before `current` can name it.
    await flushFileSystem(finalPath);
    const switched = await timed(events, "switch", () => makeCurrent(locked, name, { action: "install", keep: options.keep ?? 5, events }));
    return {
      root: locked.paths.root,
      release: name,
      path: finalPath,
      reused: false,
      bundleId: manifest.id,
      python: target.info.executable,
      packages: prepared.selected.map((s) => ({ name: s.pkg.name, version: s.pkg.version })),
      files: report.files,
      checks: results,
      ...switched,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await prepared.close();
  }
}
