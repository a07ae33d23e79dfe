// Build frontends available to pack: pyvendor's native PEP 517 frontend (default) and the pip escape hatch.
import { copyFile, link, mkdir } from "node:fs/promises";
import path from "node:path";
import { createBuildEnvStore, type BuildEnvStats } from "../build/build-env.js";
import { createNativeFrontend } from "../build/native-frontend.js";
import { buildWithPip } from "../build/pip-frontend.js";
import { probePrefixMapStyle, type PrefixMapStyle } from "../build/reproducible.js";
import type { SystemPackages } from "../build/system-packages.js";
import { UNPACKED_BUCKET, type Cache } from "../cache/cache.js";
import type { EventSink } from "../events.js";
import { downloadFiles } from "../package-index/fetch.js";
import type { createFinder } from "../package-index/finder.js";
import { isLocalLocation } from "../package-index/find-links.js";
import type { IndexSettings } from "../package-index/settings.js";
import { frontendSettingsKey, type FrontendOptions } from "./build-settings.js";
import { readWheelMetadata } from "../wheel/read-metadata.js";
import type { BuildFrontend } from "./build-step.js";

/** pip arguments that point pip at exactly the indexes pyvendor uses (credentials included). */
export function pipIndexArgs(settings: IndexSettings): string[] {
  const args: string[] = [];
  if (settings.noIndex) args.push("--no-index");
  else {
    args.push("--index-url", settings.indexUrl);
    for (const url of settings.extraIndexUrls) args.push("--extra-index-url", url);
  }
  // pip runs in a directory of its own (buildWithPip): local paths are made absolute.
  for (const link of settings.findLinks) args.push("--find-links", isLocalLocation(link) && !link.startsWith("file:") ? path.resolve(link) : link);
  for (const host of settings.trustedHosts) args.push("--trusted-host", host);
  if (settings.cert) args.push("--cert", path.resolve(settings.cert));
  return args;
}

/** The frontend that runs `python -m pip wheel --no-deps` in the target interpreter. */
export function createPipFrontend(options: FrontendOptions): BuildFrontend {
  let style: Promise<PrefixMapStyle> | undefined;
  return {
    name: "pip",
    settingsKey: frontendSettingsKey("pip", options),
    async build({ sdistPath, pin, target, outDir, logFile }) {
      return buildWithPip({
        sdistPath,
        project: pin.name,
        version: pin.version,
        python: target.info,
        outDir,
        logFile,
        indexArgs: pipIndexArgs(options.settings),
        configSettings: options.configSettings,
        noBuildIsolation: options.noBuildIsolation,
        env: options.env,
        prefixMapStyle: await (style ??= probePrefixMapStyle(options.env)),
      });
    },
  };
}

export interface NativeFrontendContext extends FrontendOptions {
  cache: Cache;
  finder: ReturnType<typeof createFinder>;
  events: EventSink;
  packages: SystemPackages;
  workDir: string;
  pre: boolean;
}

/**
 * pyvendor's own frontend: build requirements from the same finder and cache as the pack,
 * environments cached in the cache's envs bucket (placed from the unpacked-wheel store).
 * `envStats` counts environments created and reused.
 */
export function createPyvendorFrontend(ctx: NativeFrontendContext): BuildFrontend & { envStats: BuildEnvStats } {
  const key = frontendSettingsKey("pyvendor", ctx);
  const envs = createBuildEnvStore({ envsDir: ctx.cache.envsDir, storeDir: path.join(ctx.cache.dir, UNPACKED_BUCKET), events: ctx.events });
  const fetchCtx = { cache: ctx.cache, settings: ctx.settings, events: ctx.events, finder: ctx.finder };
  const native = createNativeFrontend({
    cache: ctx.cache,
    source: {
      listFiles: (project) => ctx.finder.listFiles(project),
      async download(file) {
        const [got] = await downloadFiles([{ file, expectedHashes: [] }], fetchCtx);
        if (!got) throw new Error(`internal: ${file.filename} was not fetched`);
        // The content store names files by hash; the installer and build tools read the real name.
        const named = path.join(ctx.workDir, "downloads", got.sha256, file.filename);
        await mkdir(path.dirname(named), { recursive: true });
        await link(got.path, named).catch((err: NodeJS.ErrnoException) => (err.code === "EEXIST" ? undefined : copyFile(got.path, named)));
        return { path: named, sha256: got.sha256 };
      },
      readMetadata: readWheelMetadata,
    },
    envs,
    packages: ctx.packages,
    configSettings: ctx.configSettings,
    isolation: !ctx.noBuildIsolation,
    env: ctx.env,
    workDir: ctx.workDir,
    settingsKey: key,
    events: ctx.events,
    pre: ctx.pre,
  });
  return {
    name: "pyvendor",
    settingsKey: key,
    envStats: envs.stats,
    build: ({ sdistPath, sdistFilename, sdistSha256, pin, target, outDir, logFile }) =>
      native.build({ sdistPath, sdistFilename, sdistSha256, project: pin.name, version: pin.version, target, outDir, logFile }),
    metadata: ({ sdistPath, sdistFilename, sdistSha256, pin, target, outDir, logFile }) =>
      native.metadata({ sdistPath, sdistFilename, sdistSha256, project: pin.name, version: pin.version, target, outDir, logFile }),
  };
}
