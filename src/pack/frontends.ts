// Build frontends available to pack: the pip escape hatch (the native PEP 517 frontend comes later).
import { createHash } from "node:crypto";
import { buildWithPip } from "../build/pip-frontend.js";
import type { IndexSettings } from "../index/settings.js";
import type { BuildFrontend } from "./build-step.js";

/** pip arguments that point pip at exactly the indexes pyvendor uses (credentials included). */
export function pipIndexArgs(settings: IndexSettings): string[] {
  const args: string[] = [];
  if (settings.noIndex) args.push("--no-index");
  else {
    args.push("--index-url", settings.indexUrl);
    for (const url of settings.extraIndexUrls) args.push("--extra-index-url", url);
  }
  for (const link of settings.findLinks) args.push("--find-links", link);
  for (const host of settings.trustedHosts) args.push("--trusted-host", host);
  if (settings.cert) args.push("--cert", settings.cert);
  return args;
}

/** The frontend that runs `python -m pip wheel --no-deps` in the target interpreter. */
export function createPipFrontend(options: {
  settings: IndexSettings;
  env: NodeJS.ProcessEnv;
  configSettings: Record<string, string[]>;
  noBuildIsolation: boolean;
}): BuildFrontend {
  const settingsKey = createHash("sha256")
    .update(JSON.stringify({ frontend: "pip", config: options.configSettings, isolation: !options.noBuildIsolation, sde: options.env.SOURCE_DATE_EPOCH ?? null }))
    .digest("hex");
  return {
    name: "pip",
    settingsKey,
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
      });
    },
  };
}
