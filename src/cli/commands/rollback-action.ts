// The work of `pyvendor rollback` and `pyvendor releases`, free of commander so the fast path can call it.
import { runCommand, type GlobalFlags } from "../run.js";

export interface RollbackFlags {
  to?: string;
  wait?: boolean;
}

/** Switches ROOT/current back (or to `flags.to`) and prints where it points now. */
export async function runRollback(root: string, flags: RollbackFlags, globals: GlobalFlags): Promise<void> {
  await runCommand("rollback", globals, async (output) => {
    const { rollback } = await import("../../deploy/rollback.js");
    const result = await rollback({
      root,
      ...(flags.to !== undefined ? { to: flags.to } : {}),
      ...(flags.wait === false ? { wait: false } : {}),
      events: output.event,
    });
    return {
      result,
      lines: [`current -> releases/${result.release}${result.from && result.from !== result.release ? ` (was ${result.from})` : ""}`],
    };
  });
}

/** Lists the releases of ROOT, oldest first, * current, - where rollback goes. */
export async function runReleases(root: string, globals: GlobalFlags): Promise<void> {
  await runCommand("releases", globals, async () => {
    const { releasesStatus } = await import("../../deploy/status.js");
    const status = releasesStatus(root);
    const width = Math.max(0, ...status.releases.map((r) => r.name.length));
    const lines = status.releases.map(
      (r) =>
        `${r.current ? "*" : r.previous ? "-" : " "} ${r.name.padEnd(width)}  ${r.installedAt}  python ${r.pythonVersion}  ` +
        `${r.packages} package${r.packages === 1 ? "" : "s"}  ${r.bundleId.replace(/^sha256:/, "").slice(0, 12)}${r.relocatable ? "  relocatable" : ""}`,
    );
    if (status.releases.length === 0) lines.push(`no releases in ${status.root}`);
    for (const name of status.incomplete) lines.push(`  ${name} (incomplete: being installed, or left by a killed run)`);
    return { result: status, lines };
  });
}
