// `pyvendor diff`: what changed between two bundles; exit status 0 when equal, 1 when not (like diff).
import type { Command } from "commander";
import { describeResolution } from "../format.js";
import { runCommand, type GlobalFlags } from "../run.js";

export function defineDiff(program: Command): void {
  program
    .command("diff")
    .summary("compare two bundles (exit 0 when equal, 1 when different)")
    .description(
      "Compare two bundles: requirements (the input) added and removed, and how they were resolved; packages " +
        "added, removed, upgraded, downgraded; the same version with different wheels is reported as rebuilt; changed targets. Exits 0 when the bundles are equal and 1 when they differ, like diff.",
    )
    .argument("<old>", "the earlier bundle")
    .argument("<new>", "the later bundle")
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor diff vendor/python new-bundle
  $ pyvendor diff release-41.tar.gz release-42.tar.gz --json`,
    )
    .action(async (oldPath: string, newPath: string, _flags: unknown, command: Command) => {
      await runCommand("diff", command.optsWithGlobals<GlobalFlags>(), async () => {
        const { diffBundles } = await import("../../bundle/diff.js");
        const d = await diffBundles(oldPath, newPath);
        if (d.equal) return { result: d, lines: ["bundles are equal"], exitCode: 0 };
        const lines: string[] = [];
        for (const r of d.requirements.added) lines.push(`+ requirement ${r}`);
        for (const r of d.requirements.removed) lines.push(`- requirement ${r}`);
        if (d.resolution) lines.push(`~ resolution ${describeResolution(d.resolution.before)} → ${describeResolution(d.resolution.after)}`);
        for (const p of d.added) lines.push(`+ ${p.name} ${p.version}`);
        for (const p of d.removed) lines.push(`- ${p.name} ${p.version}`);
        for (const c of d.upgraded) lines.push(`↑ ${c.name} ${c.from} → ${c.to}`);
        for (const c of d.downgraded) lines.push(`↓ ${c.name} ${c.from} → ${c.to}`);
        for (const r of d.rebuilt) {
          const what = [...r.changed.map((c) => `${c.filename} changed`), ...r.added.map((f) => `+${f}`), ...r.removed.map((f) => `-${f}`)];
          lines.push(`~ ${r.name} ${r.version} rebuilt (${what.join(", ")})`);
        }
        for (const c of d.changed) lines.push(`~ ${c.name}: ${c.fields.join(", ")} changed`);
        for (const t of d.targets.added) lines.push(`+ target ${t}`);
        for (const t of d.targets.removed) lines.push(`- target ${t}`);
        for (const t of d.targets.changed) lines.push(`~ target ${t}`);
        const others = d.metadata.filter((m) => m !== "requirements" && m !== "resolution");
        if (others.length) lines.push(`~ bundle ${others.join(", ")} changed`);
        return { result: d, lines, exitCode: 1 };
      });
    });
}
