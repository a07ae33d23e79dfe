// The published package: `npm pack` of the checkout installs offline and runs as a CLI and a library.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess, type CliResult } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { repoRoot } from "../helpers/paths.js";

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** Where the files of a package may live; anything else (tests, fixtures, bench, demo, metafile) must not ship. */
const SHIPPED = [/^bin\/[^/]+\.js$/, /^dist\/cli\/.+\.js$/, /^dist\/src\/.+\.(js|cjs|d\.ts)$/, /^schemas\/[^/]+\.json$/, /^(package\.json|README\.md|LICENSE)$/];

/**
 * The npm environment without what an enclosing `npm test` exports (npm_package_*, npm_lifecycle_*,
 * npm_config_prefix and the like would point the inner npm at the checkout); the cache stays.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|userconfig)$/i.test(key)) delete env[key];
  }
  return env;
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix + name;
    return statSync(path.join(dir, name)).isDirectory() ? listFiles(path.join(dir, name), `${rel}/`) : [rel];
  });
}

/** The packages a JavaScript file imports or requires (also as `createRequire(...)("archiver")`) by a literal bare name. */
function bareImports(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bcreateRequire\([^()]*\)\s*\(\s*)["']([^"'\s]+)["']/g)) {
    const spec = m[1]!;
    if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) continue;
    const name = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(\/[\w./-]*)?$/i.exec(spec)?.[1];
    if (name) names.add(name);
  }
  return [...names];
}

/**
 * A lockfile for the empty project that holds our own lockfile's production packages. Installing
 * a tarball with no lockfile, npm (11) resolves each dependency range from the registry's full
 * metadata documents, which `npm ci` never fetches (it takes tarballs by the lockfile's
 * integrity), so `--offline` would fail with ENOTCACHED on a machine that only ran `npm ci`. With
 * this lock the install is offline and tests exactly the dependency versions the suite tests.
 */
function consumerLock(): object {
  const ours = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const packages: Record<string, object> = { "": { name: "consumer" } };
  for (const [key, entry] of Object.entries(ours.packages)) {
    if (key.startsWith("node_modules/") && !entry.dev && !entry.devOptional) packages[key] = entry;
  }
  return { name: "consumer", lockfileVersion: 3, requires: true, packages };
}

describe("the npm package", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let files: string[];
  let installed: CliResult;
  const consumer = () => path.join(work.dir, "consumer");
  const installedRoot = () => path.join(consumer(), "node_modules", "pyvendor");
  before(async () => {
    work = await tempDir("pyvendor-npm-package-");
    env = npmEnv();
    // --ignore-scripts: prepack would rebuild dist/ (and empty dist/cli/) under the other tests
    // running from it; `npm test` has just built it, and a test below checks prepack builds.
    const packed = await runProcess("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work.dir], { env, cwd: repoRoot });
    assert.equal(packed.code, 0, packed.stderr);
    const [result] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    files = result.files.map((f) => f.path).sort();
    await mkdir(consumer());
    await writeFile(path.join(consumer(), "package.json"), JSON.stringify({ name: "consumer", private: true }));
    await writeFile(path.join(consumer(), "package-lock.json"), JSON.stringify(consumerLock()));
    installed = await runProcess("npm", ["install", "--offline", "--no-audit", "--no-fund", path.join(work.dir, result.filename)], { env, cwd: consumer() });
  });
  after(async () => {
    await work.cleanup();
  });

  it("is built by prepack, so that `npm pack` and `npm publish` of a fresh checkout ship dist/", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as PackageJson;
    assert.match(pkg.scripts?.prepack ?? "", /npm run build\b/);
  });

  it("holds the CLI, the library, its types, the licence and the readme", () => {
    for (const file of ["LICENSE", "README.md", "package.json", "bin/pyvendor.js", "dist/cli/main.js", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/bundle/manifest-validators.cjs", "schemas/manifest.schema.json"]) {
      assert.ok(files.includes(file), `${file} is missing from the package`);
    }
    assert.match(readFileSync(path.join(repoRoot, "LICENSE"), "utf8"), /^MIT License\n\nCopyright \(c\) 2026 The pyvendor authors\n/);
  });

  it("holds nothing else: no tests, fixtures, bench or demo output, esbuild metafile or source map", () => {
    // No source maps at all: the build makes none, and "files" leaves out any a stale dist/ holds.
    assert.deepEqual(files.filter((f) => !SHIPPED.some((re) => re.test(f))), []);
    assert.deepEqual(files.filter((f) => /metafile|\.map$|(^|\/)(test|fixtures|bench|demo|corpus)\//.test(f)), []);
  });

  it("points no shipped module at a source map that is not shipped", () => {
    const dangling = files.filter((f) => /\.c?js$/.test(f)).flatMap((f) => {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(repoRoot, f), "utf8"))?.[1];
      return url && !url.startsWith("data:") && !files.includes(path.posix.join(path.posix.dirname(f), url)) ? [`${f} -> ${url}`] : [];
    });
    assert.deepEqual(dangling, []);
  });

  it("declares as dependencies every package its modules import", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as PackageJson;
    const declared = new Set(Object.keys(pkg.dependencies ?? {}));
    const missing = files
      .filter((f) => /\.c?js$/.test(f))
      .flatMap((f) => bareImports(readFileSync(path.join(repoRoot, f), "utf8")).map((name) => ({ f, name })))
      .filter(({ name }) => name !== "pyvendor" && !builtinModules.includes(name) && !declared.has(name))
      .map(({ f, name }) => `${name} (${f})`);
    assert.deepEqual(missing, []);
  });

  it("installs offline from the npm cache into an empty project", () => {
    assert.equal(installed.code, 0, installed.stderr);
    assert.ok(existsSync(path.join(installedRoot(), "dist", "cli", "main.js")));
  });

  it("runs as `npx pyvendor --help`", async () => {
    const res = await runProcess("npx", ["--no-install", "--offline", "pyvendor", "--help"], { env, cwd: consumer() });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Usage: pyvendor \[options\] \[command\]/);
    assert.match(res.stdout, /\bpack\b[\s\S]*\binstall\b/);
  });

  it("loads as a library: `import(\"pyvendor\")` gives the pipelines and a working manifest validator", async () => {
    const script = `import("pyvendor").then((m) => {
      const fns = ["pack", "install", "openBundle", "validateManifest"].filter((n) => typeof m[n] !== "function");
      let code;
      try { m.validateManifest({}, "empty.json"); } catch (err) { code = err.code; }
      console.log(JSON.stringify({ fns, schema: require("node:fs").existsSync(m.MANIFEST_SCHEMA_PATH), code }));
    })`;
    const res = await runProcess(process.execPath, ["-e", script], { env, cwd: consumer() });
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), { fns: [], schema: true, code: "E_MANIFEST_INVALID" });
  });
});
