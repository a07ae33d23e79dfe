// `rollback` and the re-install of an existing release load none of the heavy modules (checked on real runs).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess } from "../helpers/cli.js";
import { tempDir } from "../helpers/env.js";
import { cliPath, repoRoot } from "../helpers/paths.js";
import { packFixtureBundles, type FixtureBundles } from "./fixture-bundles.js";

/** Module URLs that only building a release needs. */
const HEAVY = [/node_modules\/(ajv|ajv-formats|yauzl|archiver|tar-stream|execa|smol-toml|cli-progress|@aws-sdk)\//, /\/dist\/src\/(wheel\/|index\/|cache\/|build\/|pack\/|pack\.js|bundle\/read|bundle\/validate)/, /\/dist\/src\/install\.js$/];

const HOOK = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.PYVENDOR_TEST_LOAD_LOG, result.url + "\\n");
  return result;
}
`;

describe("modules loaded by rollback and re-install", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let bundles: FixtureBundles;
  let hook: string;
  const root = () => path.join(work.dir, "root");

  /** Runs the CLI with a resolve hook and returns the module URLs it loaded. */
  const loaded = async (args: string[]): Promise<string[]> => {
    const log = path.join(work.dir, `load-${Math.random()}.log`);
    writeFileSync(log, "");
    const res = await runProcess(process.execPath, ["--no-warnings", "--experimental-loader", hook, cliPath, ...args], {
      env: { ...bundles.env, PYVENDOR_TEST_LOAD_LOG: log },
    });
    assert.equal(res.code, 0, res.stderr);
    return readFileSync(log, "utf8").trim().split("\n");
  };
  /** The bundled CLI loads chunks: map each to the sources esbuild put in it (dist/meta/cli-metafile.json). */
  const sources = (urls: string[]): string[] => {
    const meta = JSON.parse(readFileSync(path.join(repoRoot, "dist", "meta", "cli-metafile.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    return urls.flatMap((u) => {
      const rel = u.startsWith("file://") ? path.relative(repoRoot, new URL(u).pathname) : u;
      const out = meta.outputs[rel];
      return out ? Object.keys(out.inputs).map((i) => `file://${path.join(repoRoot, i)}`) : [u];
    });
  };
  const heavy = (urls: string[]) => sources(urls).filter((u) => HEAVY.some((re) => re.test(u)));

  before(async () => {
    work = await tempDir("pyvendor-imports-");
    bundles = await packFixtureBundles(work.dir);
    hook = path.join(work.dir, "hook.mjs");
    writeFileSync(hook, HOOK);
  });
  after(async () => {
    await work.cleanup();
  });

  it("building a release loads the bundle reader and the wheel installer (the hook sees them)", async () => {
    assert.ok(heavy(await loaded(["install", bundles.a, "--releases", root()])).length > 5);
    assert.ok(heavy(await loaded(["install", bundles.b, "--releases", root()])).length > 5);
  });

  it("re-installing an existing release (directory or .tar.gz bundle) loads none of them", async () => {
    assert.deepEqual(heavy(await loaded(["install", bundles.a, "--releases", root()])), []);
    assert.deepEqual(heavy(await loaded(["install", bundles.b, "--releases", root()])), []);
  });

  it("rollback and releases load none of them", async () => {
    assert.deepEqual(heavy(await loaded(["rollback", root()])), []);
    assert.deepEqual(heavy(await loaded(["releases", root()])), []);
  });
});
