// The build settings every frontend is keyed by (light: no frontend code is loaded to compute them).
import { buildSettingsKey } from "../build/build-key.js";

export type FrontendName = "pyvendor" | "pip";

/** The SOURCE_DATE_EPOCH builds run with when the environment sets none: 1980-01-01, the earliest zip date. */
export const DEFAULT_SOURCE_DATE_EPOCH = "315532800";

export interface FrontendOptions {
  settings: import("../package-index/settings.js").IndexSettings;
  /** Environment of build processes; SOURCE_DATE_EPOCH must be set (see DEFAULT_SOURCE_DATE_EPOCH). */
  env: NodeJS.ProcessEnv;
  configSettings: Record<string, string[]>;
  noBuildIsolation: boolean;
}

/** The built-wheel cache settings key of `frontend` with `options`. */
export function frontendSettingsKey(frontend: FrontendName, options: FrontendOptions): string {
  return buildSettingsKey({
    frontend,
    configSettings: options.configSettings,
    isolation: !options.noBuildIsolation,
    sourceDateEpoch: options.env.SOURCE_DATE_EPOCH ?? DEFAULT_SOURCE_DATE_EPOCH,
  });
}
