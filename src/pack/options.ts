// What pack takes (PackOptions) and what it returns (PackResult).
import type { RemoteCacheStats } from "../cache/remote-stats.js";
import type { S3SettingsInput } from "../cache/s3-settings.js";
import type { EventSink } from "../events.js";
import type { IndexSettingsInput } from "../package-index/settings.js";
import type { FrontendName } from "./build-settings.js";

export interface PackOptions {
  /** Requirements files (pip's format). */
  requirementFiles?: string[];
  /** Inline requirement specs (`name==version`). */
  requirements?: string[];
  /** Constraints files (pip's -c): they pin or narrow the dependencies pack adds. */
  constraintFiles?: string[];
  /** Bundle output: a directory, or a path ending in .tar.gz / .zip. */
  output: string;
  format?: "dir" | "tar.gz" | "zip";
  /** Interpreters to pack for ("3.12", "python3.12", a path); default ["python3"]. */
  pythons?: string[];
  /** Index settings from flags; environment and requirements-file options fill the rest. */
  index?: IndexSettingsInput;
  cacheDir?: string;
  /** The shared S3 cache level from flags; PYVENDOR_S3_* fill the rest (none without a bucket; off with --offline). */
  remoteCache?: S3SettingsInput;
  /** Parallel downloads and builds (builds default to the number of cores). */
  jobs?: number;
  name?: string;
  version?: string;
  withSources?: boolean;
  onlyBinary?: string[];
  noBinary?: string[];
  preferBinary?: boolean;
  configSettings?: Record<string, string[]>;
  noBuildIsolation?: boolean;
  /** "pyvendor" (default): the native PEP 517 frontend; "pip": `pip wheel --no-deps`. */
  buildFrontend?: FrontendName;
  /**
   * Pinned requirements only: refuse loose requirements and dependencies the requirements leave
   * unpinned (E_UNPINNED_REQUIREMENT lists the pins to add). Without it, loose requirements are
   * resolved (as `pyvendor lock` does) and the manifest says so (`resolution`).
   */
  strict?: boolean;
  /** Resolving: forget the pins of the bundle already at `output` (default: keep those that still fit). */
  upgrade?: boolean;
  /** Resolving: forget that bundle's pins of these projects only. */
  upgradePackages?: string[];
  /** Allow pre-releases when pinning dependencies and resolving build requirements. */
  pre?: boolean;
  /** Build every sdist a second time and fail (E_BUILD_NOT_REPRODUCIBLE) where the wheels differ. */
  checkReproducible?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  events?: EventSink;
}

export interface PackResult {
  output: string;
  format: string;
  bundleId: string;
  targets: string[];
  packages: { name: string; version: string; requested: boolean; wheels: string[] }[];
  stats: {
    downloaded: number;
    fromCache: number;
    built: number;
    buildsCached: number;
    wheelsDownloaded: number;
    /** Build environments made by this pack, and uses of existing ones. */
    buildEnvsCreated: number;
    buildEnvsReused: number;
    /** Dependencies the requirements did not pin, pinned from the index. */
    pinnedFromIndex: number;
  };
  /** When loose requirements were resolved: the pins chosen, and how many of them the bundle at `output` already had. */
  resolution?: { pins: number; kept: number };
  /** Remarks for the summary (wheel-only pins, dependencies pinned from the index). */
  notes: string[];
  written: string[];
  reused: string[];
  removed: string[];
  /** What the remote (S3) cache level did, when one is configured. */
  remoteCache?: RemoteCacheStats;
  durationMs: number;
}
