// Install-time benchmark: pyvendor (cold and warm store) against `pip install --no-index --find-links`.
// Usage: node dist/bench/install-quick.js [--runs N] [--compile] [--extra wheel.whl ...]
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { inspectPython } from "../src/python/interpreter.js";
import { stageAndSwap } from "../src/python/stage.js";
import { createVenv } from "../src/python/venv.js";
import { installWheels } from "../src/wheel/install.js";
import { cleanEnv } from "../test/helpers/env.js";
import { fixtureWheels } from "../test/helpers/fixture-wheels.js";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 5) || 5;
const compile = args.includes("--compile");
const extra = args.includes("--extra") ? args.slice(args.indexOf("--extra") + 1).filter((a) => a.endsWith(".whl")) : [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const python = await inspectPython("python3");
  const work = path.join(os.tmpdir(), `pyvendor-bench-${process.pid}`);
  const links = path.join(work, "wheels");
  await mkdir(links, { recursive: true });
  const files = [...(await fixtureWheels()).map((w) => w.path), ...extra];
  for (const f of files) await copyFile(f, path.join(links, path.basename(f)));
  const wheels = await Promise.all(
    files.map(async (f) => ({
      path: path.join(links, path.basename(f)),
      name: path.basename(f).split("-")[0] as string,
      sha256: createHash("sha256").update(await readFile(f)).digest("hex"),
      requested: true,
    })),
  );
  const env = cleanEnv();
  const ours = async (store: string, dest: string) => {
    const t = performance.now();
    await stageAndSwap(dest, { force: true }, async (stagingDir) => {
      const layout = await createVenv({ stagingDir, finalPath: dest, python });
      return installWheels({ layout, python, wheels, storeDir: store, compile });
    });
    return performance.now() - t;
  };
  const pip = async (dest: string) => {
    const t = performance.now();
    await execa(python.executable, ["-m", "venv", "--without-pip", dest], { env });
    await execa(python.executable, ["-m", "pip", "--python", path.join(dest, "bin", "python"), "install", "-q", "--no-deps", "--no-index", "--find-links", links, ...(compile ? [] : ["--no-compile"]), ...wheels.map((w) => w.path)], { env });
    return performance.now() - t;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  const pipTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const store = path.join(work, `store-${i}`);
    cold.push(await ours(store, path.join(work, `cold-${i}`)));
    warm.push(await ours(store, path.join(work, `warm-${i}`)));
    pipTimes.push(await pip(path.join(work, `pip-${i}`)));
  }
  await rm(work, { recursive: true, force: true });
  const row = (label: string, xs: number[]) => `${label.padEnd(34)} median ${median(xs).toFixed(0).padStart(6)} ms   (${xs.map((x) => x.toFixed(0)).join(", ")})`;
  console.log(`${wheels.length} wheels, ${runs} runs, bytecode ${compile ? "on" : "off"}, python ${python.version}, venv creation included`);
  console.log(row("pyvendor, cold store", cold));
  console.log(row("pyvendor, warm store", warm));
  console.log(row("python -m venv + pip install", pipTimes));
  console.log(`pip / pyvendor warm: ${(median(pipTimes) / median(warm)).toFixed(1)}x; pip / pyvendor cold: ${(median(pipTimes) / median(cold)).toFixed(1)}x`);
}

await main();
