// Bundles whose wheels carry a hostile METADATA Name are refused, in every bundle form and install mode, and write nothing outside.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { tempDir } from "../helpers/env.js";
import {
  expectInstallRefused,
  installBundle,
  listTree,
  writeHostileBundle,
  type BundleForm,
  type InstallMode,
} from "../helpers/hostile-bundle.js";
import { python3 } from "../helpers/install-venv.js";
import type { WheelSpec } from "../helpers/wheel-factory.js";

const FORMS: BundleForm[] = ["dir", "tar.gz", "zip"];
const MODES: InstallMode[] = ["venv", "releases"];
/** A METADATA Name that disagrees with the file name is refused by the wheel's identity check. */
const REFUSED = "E_WHEEL_INVALID";
const HEADER = "#define EVIL 1\n";

let work: { dir: string; cleanup: () => Promise<void> };
let cacheDir: string;
let headersDir: string;
const bundles = new Map<string, string>();

/**
 * Each case gets its own directory: `outside/` (holding a file, so a snapshot is not trivially
 * empty) and the install destination two levels down, so that the venv (`a/b/venv`) and the
 * release (`a/releases/<name>`) both sit three levels below the case dir and one traversal
 * name reaches `outside/` from either.
 */
function caseDirs(name: string, mode: InstallMode): { root: string; outside: string; dest: string; venvModel: string } {
  const root = path.join(work.dir, "cases", name);
  return {
    root,
    outside: path.join(root, "outside"),
    dest: mode === "venv" ? path.join(root, "a", "b", "venv") : path.join(root, "a"),
    venvModel: path.join(root, "a", "b", "venv"),
  };
}

async function makeCase(name: string, mode: InstallMode): Promise<{ outside: string; dest: string }> {
  const dirs = caseDirs(name, mode);
  await mkdir(dirs.outside, { recursive: true });
  await writeFile(path.join(dirs.outside, "keep.txt"), "untouched\n");
  return dirs;
}

/** `../…/outside/hdr`: from `<venv>/<headers dir>/` to the case's `outside/hdr`. */
function traversalName(): string {
  const model = caseDirs("model", "venv");
  return `${path.posix.relative(path.posix.join(model.venvModel, headersDir), model.outside)}/hdr`;
}

function specs(): Record<string, WheelSpec> {
  const header = { path: "{data}/headers/evil.h", data: HEADER };
  return {
    honest: { name: "hdr", version: "1.0", files: [header] },
    headerTraversal: { name: "hdr", version: "1.0", metadataName: traversalName(), files: [header] },
    nameTraversal: { name: "dots", version: "1.0", metadataName: "../../x", files: [{ path: "dots/__init__.py", data: "X = 1\n" }] },
    entryTraversal: { name: "hdr", version: "1.0", files: [header, { path: "hdr/../../../../../../outside/evil.py", data: "boom\n" }] },
  };
}

before(async () => {
  work = await tempDir("pyvendor-hostile-");
  cacheDir = path.join(work.dir, "cache");
  headersDir = (await python3()).headersDir;
  assert.equal(headersDir.split("/").length, 3, `unexpected headers dir ${headersDir}`);
  for (const [kind, spec] of Object.entries(specs())) {
    for (const form of FORMS) {
      const dir = path.join(work.dir, "bundles", `${kind}-${form.replace(".", "-")}`);
      bundles.set(`${kind}/${form}`, await writeHostileBundle({ wheels: [spec], form, dir }));
    }
  }
});
after(async () => {
  await work?.cleanup();
});

function bundle(kind: string, form: BundleForm): string {
  const found = bundles.get(`${kind}/${form}`);
  assert.ok(found, `no ${kind} bundle in ${form} form`);
  return found;
}

for (const form of FORMS) {
  for (const mode of MODES) {
    describe(`${form} bundle, install into ${mode}`, () => {
      const id = `${form.replace(".", "-")}-${mode}`;

      test("an honest wheel's header lands in <venv>/include/site/python3.X/hdr", async () => {
        const { outside, dest } = await makeCase(`ok-${id}`, mode);
        const snapshot = await listTree(outside);
        const venv = await installBundle({ bundle: bundle("honest", form), mode, dest, cacheDir });
        assert.equal(await readFile(path.join(venv, headersDir, "hdr", "evil.h"), "utf8"), HEADER);
        assert.deepEqual(await listTree(outside), snapshot);
      });

      test("a wheel entry with `..` is refused, and nothing is left behind", async () => {
        const { outside, dest } = await makeCase(`entry-${id}`, mode);
        await expectInstallRefused({ bundle: bundle("entryTraversal", form), mode, dest, cacheDir, outside, code: "E_UNSAFE_PATH" });
      });

      test("a METADATA Name that climbs out of the headers dir is refused and writes nothing outside", async () => {
        const { outside, dest } = await makeCase(`hdr-${id}`, mode);
        await expectInstallRefused({ bundle: bundle("headerTraversal", form), mode, dest, cacheDir, outside, code: REFUSED });
      });

      test("a METADATA Name with path separators is refused", async () => {
        const { outside, dest } = await makeCase(`name-${id}`, mode);
        await expectInstallRefused({ bundle: bundle("nameTraversal", form), mode, dest, cacheDir, outside, code: REFUSED });
      });
    });
  }
}
