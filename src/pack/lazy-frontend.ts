// The build frontend of a pack, loaded on first use: a fully cached pack never loads the build code.
import type { EventSink } from "../events.js";
import { DEFAULT_SOURCE_DATE_EPOCH, type FrontendName } from "./build-settings.js";
import type { BuildFrontend } from "./build-step.js";

type LoadedFrontend = BuildFrontend & { envStats?: { created: number; reused: number } };

/**
 * The frontend, loaded on the first build (a fully cached pack never loads the build code), which
 * says once which SOURCE_DATE_EPOCH builds run with when the environment sets none.
 */
export function lazyFrontend(options: {
  name: FrontendName;
  settingsKey: string;
  load: () => Promise<LoadedFrontend>;
  /** The pack's environment (to tell whether SOURCE_DATE_EPOCH was set). */
  env: NodeJS.ProcessEnv;
  events: EventSink;
}): { frontend: BuildFrontend; stats: () => Promise<{ created: number; reused: number }> } {
  const { name, settingsKey, load, env, events } = options;
  let loaded: Promise<LoadedFrontend> | undefined;
  const frontendNow = (): Promise<LoadedFrontend> => {
    if (!loaded) {
      loaded = load();
      if (env.SOURCE_DATE_EPOCH === undefined) {
        events({ type: "info", message: `builds run with SOURCE_DATE_EPOCH=${DEFAULT_SOURCE_DATE_EPOCH} (1980-01-01) for reproducible wheels; set SOURCE_DATE_EPOCH to change it` });
      }
    }
    return loaded;
  };
  const frontend: BuildFrontend = {
    name,
    settingsKey,
    build: async (request) => (await frontendNow()).build(request),
    async metadata(request) {
      const loadedFrontend = await frontendNow();
      return loadedFrontend.metadata ? loadedFrontend.metadata(request) : loadedFrontend.build(request);
    },
  };
  const stats = async () => (loaded ? ((await loaded).envStats ?? { created: 0, reused: 0 }) : { created: 0, reused: 0 });
  return { frontend, stats };
}
