// `pyvendor cache dir | info | clean | prune`: where the cache is, what it holds (local and S3), emptying and pruning it.
import { InvalidArgumentError, type Command } from "commander";
import { formatBytes, formatTable } from "../format.js";
import { runCommand, type GlobalFlags } from "../run.js";
import { addS3Options, remoteCounts, s3SettingsInput } from "../s3-options.js";

interface CacheFlags {
  cacheDir?: string;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d", "12h", "90m", "2w", "45s"; a bare number is days. */
export function parseAge(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected an age such as 30d, 12h or 2w, got "${value}"`);
  return Math.round(Number(m[1]) * (UNITS[m[2] || "d"] ?? UNITS.d!));
}

/** 30 days in ms → "30d" (the largest unit that divides it). */
function formatAge(ms: number): string {
  if (ms === 0) return "0s"; // every unit divides 0: without this, "0d" came back as "0w"
  for (const unit of ["w", "d", "h", "m"]) {
    const size = UNITS[unit] ?? 1;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

function run(name: string, command: Command, body: Parameters<typeof runCommand>[2]): Promise<void> {
  return runCommand(`cache ${name}`, command.optsWithGlobals<GlobalFlags>(), body);
}

const dirOption = "--cache-dir <dir>";
const dirHelp = "the cache directory (default: $PYVENDOR_CACHE_DIR or ~/.cache/pyvendor)";

export function defineCache(program: Command): void {
  const cache = program
    .command("cache")
    .summary("show, clean and prune the download and build cache")
    .description(
      "The cache holds downloaded files, index records, built wheels, build logs and build environments, " +
        "optionally backed by a shared S3 bucket. `cache info` shows both levels.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ pyvendor cache dir
  $ pyvendor cache info --json
  $ pyvendor cache clean wheels-v1
  $ pyvendor cache prune --older-than 30d`,
    );

  cache
    .command("dir")
    .description("print the cache directory")
    .option(dirOption, dirHelp)
    .action(async (flags: CacheFlags, command: Command) => {
      await run("dir", command, async () => {
        const { resolveCacheDir } = await import("../../cache/cache-dir.js");
        const dir = resolveCacheDir(flags.cacheDir ? { dir: flags.cacheDir } : {});
        return { result: { dir }, lines: [dir] };
      });
    });

  const info = cache
    .command("info")
    .description("sizes per bucket, and the remote (S3) level: settings, reachability, last pack's counts")
    .option(dirOption, dirHelp)
    .action(async (flags: CacheFlags, command: Command) => {
      await run("info", command, async () => {
        const { cacheInfo } = await import("../../cache/maintenance.js");
        const { remoteCacheStatus } = await import("../../cache/remote-status.js");
        const { resolveS3Settings } = await import("../../cache/s3-settings.js");
        const local = await cacheInfo(flags.cacheDir ? { dir: flags.cacheDir } : {});
        const remote = await remoteCacheStatus({ dir: local.dir, settings: resolveS3Settings(s3SettingsInput(command), process.env) });
        const rows = Object.entries(local.buckets).map(([name, b]) => [`  ${name}`, entries(b.entries), formatBytes(b.bytes)]);
        const lines = [`cache ${local.dir}: ${formatBytes(local.totalBytes)}`, ...formatTable(rows)];
        if (!remote.configured) lines.push("remote cache: not configured (set PYVENDOR_S3_BUCKET or pass --s3-bucket)");
        else {
          const how = [remote.endpoint ? `endpoint ${remote.endpoint}` : "AWS S3", `region ${remote.region}`, remote.readOnly ? "read-only" : "read-write"];
          if (remote.pathStyle) how.push("path-style");
          lines.push(`remote cache ${remote.location} (${how.join(", ")}): ${remote.reachable ? "reachable" : `NOT reachable: ${remote.problem}`}`);
        }
        const last = remote.lastPack;
        if (last) {
          lines.push(`  last pack with ${last.location} (${last.finishedAt}): ${remoteCounts(last)}`);
          if (last.problem) lines.push(`  its trouble: ${last.problem}`);
        }
        return { result: { ...local, remote }, lines };
      });
    });
  addS3Options(info, { pack: false });

  cache
    .command("clean")
    .description("empty the cache, or one bucket of it")
    .argument("[bucket]", "content-v1, index-v1, wheels-v1, logs-v1, envs-v1 or tmp")
    .option(dirOption, dirHelp)
    .action(async (bucket: string | undefined, flags: CacheFlags, command: Command) => {
      await run("clean", command, async () => {
        const { cleanCache } = await import("../../cache/maintenance.js");
        const report = await cleanCache({ ...(flags.cacheDir ? { dir: flags.cacheDir } : {}), ...(bucket ? { bucket } : {}) });
        return { result: report, lines: [`removed ${entries(report.removedEntries)} (${formatBytes(report.removedBytes)}) from ${report.dir}`] };
      });
    });

  cache
    .command("prune")
    .description("remove entries not used for a while (the shared S3 level is pruned by a bucket lifecycle rule)")
    .requiredOption("--older-than <age>", "remove what was last used longer ago than this: 30d, 12h, 2w", parseAge)
    .option(dirOption, dirHelp)
    .action(async (flags: CacheFlags & { olderThan: number }, command: Command) => {
      await run("prune", command, async () => {
        const { pruneCache } = await import("../../cache/maintenance.js");
        const report = await pruneCache({ ...(flags.cacheDir ? { dir: flags.cacheDir } : {}), olderThanMs: flags.olderThan });
        return {
          result: report,
          lines: [`removed ${entries(report.removedEntries)} (${formatBytes(report.removedBytes)}) unused for more than ${formatAge(flags.olderThan)} from ${report.dir}`],
        };
      });
    });
}
