// Configuration: one precedence (flags > env > project file > user file > defaults), clear errors.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { resolveConfig } from "../../src/cli/config/resolve.js";
import { isPyvendorError } from "../../src/errors.js";
import { runCli } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";

describe("config precedence and validation", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let project: string;
  let userFile: string;
  before(async () => {
    work = await tempDir("pyvendor-config-");
    project = path.join(work.dir, "app", "sub");
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(work.dir, "app", "pyproject.toml"),
      '[project]\nname = "app"\n\n[tool.pyvendor]\nindex-url = "https://project.example/simple/"\njobs = 3\npython = ["3.11", "3.12"]\noutput = "vendor/python"\n',
    );
    userFile = path.join(work.dir, "user.toml");
    await writeFile(userFile, 'index-url = "https://user.example/simple/"\ntimeout = 30\njobs = 9\n');
  });
  after(() => work.cleanup());

  const env = (extra: Record<string, string> = {}) => cleanEnv({ PYVENDOR_CONFIG_FILE: userFile, ...extra });

  it("takes flags over env over the project file over the user file over defaults", () => {
    const c = resolveConfig({ env: env({ PIP_INDEX_URL: "https://env.example/simple/" }), cwd: project, flags: { jobs: 5 } });
    assert.equal(c.get("jobs"), 5);
    assert.equal(c.source("jobs"), "flag");
    assert.equal(c.get("index-url"), "https://env.example/simple/");
    assert.equal(c.source("index-url"), "env PIP_INDEX_URL");
    assert.equal(c.get("timeout"), 30);
    assert.equal(c.source("timeout"), userFile);
    assert.deepEqual(c.get("python"), ["3.11", "3.12"]);
    assert.match(c.source("python"), /pyproject\.toml \[tool\.pyvendor\]$/);
    assert.equal(c.get("retries"), undefined);
    assert.equal(c.source("retries"), "default");
  });

  it("prefers PYVENDOR_* to PIP_*, and the project file to the user file", () => {
    const c = resolveConfig({ env: env({ PIP_INDEX_URL: "https://pip.example/", PYVENDOR_INDEX_URL: "https://pv.example/" }), cwd: project });
    assert.equal(c.get("index-url"), "https://pv.example/");
    const d = resolveConfig({ env: env(), cwd: project });
    assert.equal(d.get("index-url"), "https://project.example/simple/");
    assert.equal(d.get("jobs"), 3);
  });

  it("resolves relative paths against the file that names them", () => {
    const c = resolveConfig({ env: env(), cwd: project });
    assert.equal(c.get("output"), path.join(work.dir, "app", "vendor", "python"));
  });

  it("refuses an unknown key, naming the file and the key", async () => {
    const bad = path.join(work.dir, "bad-key");
    await mkdir(bad);
    await writeFile(path.join(bad, "pyvendor.toml"), "index_url = 'x'\n");
    assert.throws(
      () => resolveConfig({ env: cleanEnv(), cwd: bad }),
      (err: unknown) => isPyvendorError(err, "E_CONFIG") && /pyvendor\.toml: unknown setting "index_url"/.test(err.message),
    );
  });

  it("names every bad key and value of a file at once, with the setting each key most likely meant and a command that runs", async () => {
    const bad = path.join(work.dir, "many-bad");
    await mkdir(bad);
    await writeFile(path.join(bad, "pyvendor.toml"), "index_url = 'x'\njobs = 'four'\n[pack]\nindex-url = 'y'\nfrobnicate = true\n[s3]\nbuckett = 'b'\n");
    assert.throws(
      () => resolveConfig({ env: cleanEnv(), cwd: bad }),
      (err: unknown) => {
        assert.ok(isPyvendorError(err, "E_CONFIG"));
        assert.match(err.message, /pyvendor\.toml: 5 problems: /);
        assert.match(err.message, /unknown setting "index_url" \(did you mean "index-url"\?\)/);
        assert.match(err.message, /jobs must be an integer, not "four"/);
        assert.match(err.message, /unknown setting "pack\.index-url" \(did you mean "index-url"\?\)/);
        assert.match(err.message, /unknown setting "pack\.frobnicate"(?! \(did)/);
        assert.match(err.message, /unknown setting "s3\.buckett" \(did you mean "s3\.bucket"\?\)/);
        assert.match(err.hint ?? "", /PYVENDOR_NO_CONFIG=1 pyvendor config/);
        return true;
      },
    );
    // The hint's command runs in that directory and lists the settings.
    const listed = await runCli(["config"], { env: cleanEnv({ PYVENDOR_NO_CONFIG: "1" }), cwd: bad });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^index-url\s/m);
  });

  it("refuses a wrong type, naming the file, the key and the expected type", async () => {
    const bad = path.join(work.dir, "bad-type");
    await mkdir(bad);
    await writeFile(path.join(bad, "pyproject.toml"), '[tool.pyvendor]\njobs = "four"\n');
    assert.throws(
      () => resolveConfig({ env: cleanEnv(), cwd: bad }),
      (err: unknown) => isPyvendorError(err, "E_CONFIG") && /pyproject\.toml \[tool\.pyvendor\]: jobs must be an integer, not "four"/.test(err.message),
    );
  });

  it("refuses a malformed environment value", () => {
    assert.throws(
      () => resolveConfig({ env: cleanEnv({ PYVENDOR_OFFLINE: "maybe" }), cwd: work.dir }),
      (err: unknown) => isPyvendorError(err, "E_CONFIG") && /PYVENDOR_OFFLINE=maybe is not a boolean/.test(err.message),
    );
  });

  it("`pyvendor config --json` shows every value with its source and hides credentials", async () => {
    const res = await runCli(["--json", "config"], {
      env: env({ PIP_EXTRA_INDEX_URL: "https://bob:hunter2@private.example/simple/" }),
      cwd: project,
    });
    assert.equal(res.code, 0, res.stderr);
    assert.ok(!res.stdout.includes("hunter2"), "the password must not be printed");
    const doc = JSON.parse(res.stdout) as { result: { settings: { key: string; value: unknown; source: string }[] } };
    const byKey = new Map(doc.result.settings.map((s) => [s.key, s]));
    assert.deepEqual(byKey.get("extra-index-url")?.value, ["https://private.example/simple/"]);
    assert.equal(byKey.get("extra-index-url")?.source, "env PIP_EXTRA_INDEX_URL");
    assert.equal(byKey.get("jobs")?.value, 3);
  });

  it("`pyvendor config` takes pack's flags (and install's --link-mode) and shows them at the flags level; an unset flag leaves the environment in charge", async () => {
    const res = await runCli(
      ["--json", "config", "-r", "requirements.txt", "--index-url", "https://flag.example/simple/", "--jobs", "4", "--link-mode", "copy", "--check-reproducible", "a==1"],
      { env: env({ PYVENDOR_BUILD_FRONTEND: "pip", PYVENDOR_INDEX_URL: "https://env.example/simple/" }), cwd: project },
    );
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout) as { result: { settings: { key: string; value: unknown; source: string }[] } };
    const byKey = new Map(doc.result.settings.map((s) => [s.key, s]));
    assert.deepEqual(byKey.get("index-url"), { ...byKey.get("index-url"), value: "https://flag.example/simple/", source: "flag" });
    assert.deepEqual([byKey.get("jobs")?.value, byKey.get("jobs")?.source], [4, "flag"]);
    assert.deepEqual([byKey.get("link-mode")?.value, byKey.get("link-mode")?.source], ["copy", "flag"]);
    assert.deepEqual([byKey.get("build-frontend")?.value, byKey.get("build-frontend")?.source], ["pip", "env PYVENDOR_BUILD_FRONTEND"]);
  });
});
