// The S3 remote-cache flags (pack, cache info), their translation to settings input, and the pack summary line.
import { Option, type Command } from "commander";
import type { RemoteCacheStats } from "../cache/remote-stats.js";
import type { S3SettingsInput } from "../cache/s3-settings.js";
import { nonNegative } from "./option-parsers.js";

const GROUP = "Shared cache on S3-compatible storage (or PYVENDOR_S3_* variables):";

interface S3Flags {
  s3Bucket?: string;
  s3Prefix?: string;
  s3EndpointUrl?: string;
  s3Region?: string;
  s3ReadOnly?: boolean;
  s3PathStyle?: boolean;
  s3Timeout?: number;
  s3Retries?: number;
  requireRemoteCache?: boolean;
  remoteCache?: boolean;
}

/** Adds the remote-cache flags to `command`, in their own help section. Returns `command`. */
export function addS3Options(command: Command, options: { pack?: boolean } = { pack: true }): Command {
  const add = (option: Option) => command.addOption(option.helpGroup(GROUP));
  add(new Option("--s3-bucket <bucket>", "the shared cache's bucket, or s3://bucket/prefix"));
  add(new Option("--s3-prefix <prefix>", "key prefix inside the bucket"));
  add(new Option("--s3-endpoint-url <url>", "an S3-compatible service (MinIO, Ceph, R2 …); default AWS S3"));
  add(new Option("--s3-region <region>", "the bucket's region (default: AWS_REGION, else us-east-1)"));
  add(new Option("--s3-path-style", "path-style addressing (the default with --s3-endpoint-url)"));
  add(new Option("--no-s3-path-style", "virtual-host addressing (bucket.endpoint)"));
  add(new Option("--s3-timeout <seconds>", "connect and idle timeout per S3 request (default: 5)").argParser(nonNegative));
  add(new Option("--s3-retries <n>", "retries for transient S3 failures (default: 1)").argParser(nonNegative));
  if (options.pack) {
    add(new Option("--s3-read-only", "read the shared cache, upload nothing"));
    add(new Option("--require-remote-cache", "fail (E_REMOTE_CACHE) instead of warning when S3 fails"));
    add(new Option("--no-remote-cache", "do not use the shared cache even if PYVENDOR_S3_BUCKET is set"));
  }
  return command;
}

/** Adds the remote-cache flags to `parent`'s subcommand `name` (defined before). */
export function addS3OptionsTo(parent: Command, name: string): Command {
  const command = parent.commands.find((c) => c.name() === name);
  if (!command) throw new Error(`no subcommand ${name}`);
  return addS3Options(command);
}

/** The settings input from `command`'s parsed flags (environment variables are read later). */
export function s3SettingsInput(command: Command): S3SettingsInput {
  const f = command.opts<S3Flags>();
  return {
    ...(f.s3Bucket !== undefined ? { bucket: f.s3Bucket } : {}),
    ...(f.s3Prefix !== undefined ? { prefix: f.s3Prefix } : {}),
    ...(f.s3EndpointUrl !== undefined ? { endpoint: f.s3EndpointUrl } : {}),
    ...(f.s3Region !== undefined ? { region: f.s3Region } : {}),
    ...(f.s3ReadOnly ? { readOnly: true } : {}),
    ...(f.s3PathStyle !== undefined ? { pathStyle: f.s3PathStyle } : {}),
    ...(f.s3Timeout !== undefined ? { timeoutMs: Math.round(f.s3Timeout * 1000) } : {}),
    ...(f.s3Retries !== undefined ? { retries: Math.floor(f.s3Retries) } : {}),
    ...(f.requireRemoteCache ? { require: true } : {}),
    ...(f.remoteCache === false ? { disabled: true } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : word.endsWith("s") ? "es" : "s"}`;

/** One line of counts, e.g. "12 hits, 0 misses, 3 uploads, 0 errors". */
export function remoteCounts(stats: Pick<RemoteCacheStats, "hits" | "misses" | "uploads" | "errors">): string {
  return `${plural(stats.hits, "hit")}, ${plural(stats.misses, "miss")}, ${plural(stats.uploads, "upload")}, ${plural(stats.errors, "error")}`;
}

/** The pack summary's remote-cache lines (none without a remote level). */
export function remoteCacheLines(stats: RemoteCacheStats | undefined): string[] {
  if (!stats) return [];
  const lines = [`  remote cache ${stats.location}${stats.readOnly ? " (read-only)" : ""}: ${remoteCounts(stats)}`];
  if (stats.problem) lines.push(`  remote cache trouble: ${stats.problem}; the local cache was used instead`);
  return lines;
}
