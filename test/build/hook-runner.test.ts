// The hook runner: PEP 517 hooks called in one Python process, answers on a side channel, output to the log.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { openBuildLog, startHookRunner, type HookRunner } from "../../src/build/hook-runner.js";
import { inspectPython } from "../../src/python/interpreter.js";
import { cleanEnv, tempDir } from "../helpers/env.js";

const BACKEND = `
import os, sys
def get_requires_for_build_wheel(config_settings=None):
    print("asked for requirements with", sorted((config_settings or {}).items()))
    return ["extra-thing>=1"]
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    data = sys.stdin.read()
    sys.stderr.write("stdin gave %r\\n" % data)
    name = "tb-1.0-py3-none-any.whl"
    open(os.path.join(wheel_directory, name), "wb").close()
    return name
def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    raise RuntimeError("metadata is broken")
def exit_hard(**kwargs):
    os._exit(3)
`;

describe("hook runner", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let python: string;
  const runners: HookRunner[] = [];
  before(async () => {
    work = await tempDir();
    python = (await inspectPython("python3")).executable;
    await mkdir(path.join(work.dir, "src", "_backend"), { recursive: true });
    await writeFile(path.join(work.dir, "src", "_backend", "tinyback.py"), BACKEND);
    await mkdir(path.join(work.dir, "out"), { recursive: true });
  });
  after(async () => {
    for (const r of runners) await r.close();
    await work.cleanup();
  });

  async function start(backend: string, backendPath = [path.join(work.dir, "src", "_backend")]) {
    const lines: string[] = [];
    const log = await openBuildLog(path.join(work.dir, `log-${runners.length}.txt`), (l) => lines.push(l));
    const runner = startHookRunner({ python, cwd: path.join(work.dir, "src"), env: cleanEnv(), backend, backendPath, log });
    runners.push(runner);
    return { runner, log, lines };
  }

  it("calls hooks in one process, passes config_settings, keeps stdin from the backend and logs its output", async () => {
    const { runner, log, lines } = await start("tinyback");
    assert.deepEqual(await runner.call("get_requires_for_build_wheel", { config_settings: { "--build-option": "x" } }), { ok: true, value: ["extra-thing>=1"] });
    assert.deepEqual(await runner.call("build_wheel", { wheel_directory: path.join(work.dir, "out"), config_settings: {}, metadata_directory: null }), { ok: true, value: "tb-1.0-py3-none-any.whl" });
    assert.deepEqual(await runner.call("get_requires_for_build_sdist", {}), { ok: false, kind: "missing-hook", message: "get_requires_for_build_sdist" });
    const failed = await runner.call("prepare_metadata_for_build_wheel", { metadata_directory: work.dir });
    assert.equal(failed.ok, false);
    assert.match(failed.ok ? "" : failed.message, /RuntimeError: metadata is broken/);
    assert.deepEqual(await runner.versions(["no-such-dist"]), {});
    await runner.close();
    await log.close();
    assert.ok(lines.includes("asked for requirements with [('--build-option', 'x')]"));
    assert.ok(lines.includes("stdin gave ''"), "the backend reads EOF, not our commands");
    assert.match(await readFile(log.path, "utf8"), /asked for requirements/);
  });

  it("reports a backend that cannot be imported, or that lives outside backend-path", async () => {
    const missing = await start("no_such_backend_module");
    const answer = await missing.runner.call("build_wheel", { wheel_directory: work.dir });
    assert.equal(answer.ok ? "" : answer.kind, "backend-unavailable");
    assert.match(answer.ok ? "" : answer.message, /ModuleNotFoundError/);
    const outside = await start("json", [path.join(work.dir, "src", "_backend")]);
    const invalid = await outside.runner.call("build_wheel", { wheel_directory: work.dir });
    assert.equal(invalid.ok ? "" : invalid.kind, "backend-invalid");
  });

  it("a process that dies answers the pending hook with its exit status", async () => {
    const { runner } = await start("tinyback");
    const answer = await runner.call("exit_hard", {});
    assert.deepEqual(answer, { ok: false, kind: "hook-failed", message: "the build process exited with status 3" });
    const after = await runner.call("build_wheel", { wheel_directory: work.dir });
    assert.equal(after.ok, false);
  });
});
