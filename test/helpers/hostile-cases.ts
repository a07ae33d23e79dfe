// Hostile install cases: one honest wheel and bundle with hostile strings put into the fields that reach a path.
import fc from "fast-check";
import type { Manifest } from "../../src/bundle/manifest.js";
import type { BundleForm, InstallMode } from "./hostile-bundle.js";
import { hostileString } from "./hostile-strings.js";
import type { WheelFileSpec, WheelSpec } from "./wheel-factory.js";

/** Fields of the wheel that reach a path in the venv (or decide where a file goes). */
export const WHEEL_SLOTS = [
  "metadataName", "metadataVersion", "distInfoProject", "distInfoVersion", "distInfoDir", "dataDir", "schemeKey",
  "headersPath", "scriptsPath", "dataPath", "purelibPath", "platlibPath", "rootPath", "packagePath",
  "consoleName", "consoleValue", "guiName", "guiValue", "symlinkTarget", "wheelTag", "topLevel",
] as const;
/** Fields of the manifest that reach a path (bundle entries, release names) or select a wheel. */
export const MANIFEST_SLOTS = [
  "packageName", "packageVersion", "wheelFilename", "wheelFileProject", "wheelFileVersion", "wheelTags", "targetId",
  "bundleName", "bundleVersion", "requirement",
] as const;
/** The same string as the project (or version) everywhere: file name, .dist-info, METADATA, manifest. */
export const COHERENT_SLOTS = ["projectEverywhere", "versionEverywhere"] as const;

export type Slot = (typeof WHEEL_SLOTS)[number] | (typeof MANIFEST_SLOTS)[number] | (typeof COHERENT_SLOTS)[number];

export interface Injection {
  slot: Slot;
  value: string;
}

export interface HostileCase {
  /** One or two hostile strings, each in one field. */
  injections: Injection[];
  form: BundleForm;
  mode: InstallMode;
}

export const hostileCase: fc.Arbitrary<HostileCase> = fc.record({
  injections: fc.array(
    fc.record({ slot: fc.constantFrom<Slot>(...WHEEL_SLOTS, ...MANIFEST_SLOTS, ...COHERENT_SLOTS), value: hostileString }),
    { minLength: 1, maxLength: 2 },
  ),
  form: fc.constantFrom<BundleForm>("dir", "tar.gz", "zip"),
  mode: fc.constantFrom<InstallMode>("venv", "releases"),
});

const NAME = "victim";
const VERSION = "1.0";
const SCRIPT = "#!python\nimport victim\n";

/** The honest wheel: a package, a header, a script, data, and one console script. */
function honestWheel(): WheelSpec {
  return {
    name: NAME,
    version: VERSION,
    files: [
      { path: "victim/__init__.py", data: "def main():\n    return 0\n" },
      { path: "{data}/headers/victim.h", data: "#define VICTIM 1\n" },
      { path: "{data}/scripts/victim-tool", data: SCRIPT, mode: 0o755 },
      { path: "{data}/data/share/victim/readme.txt", data: "hello\n" },
    ],
    entryPoints: "[console_scripts]\nvictim-cli = victim:main\n",
  };
}

function addFile(spec: WheelSpec, file: WheelFileSpec): void {
  spec.files.push(file);
}

/** Puts `value` into one field of the wheel spec (the wheel file on disk keeps its honest name). */
function injectWheel(spec: WheelSpec, { slot, value }: Injection): void {
  const info = (project: string, version: string) => `${project}-${version}.dist-info`;
  switch (slot) {
    case "metadataName": spec.metadataName = value; break;
    case "metadataVersion": spec.metadataVersion = value; break;
    case "distInfoProject": spec.distInfoDir = info(value, VERSION); break;
    case "distInfoVersion": spec.distInfoDir = info(NAME, value); break;
    case "distInfoDir": spec.distInfoDir = value; break;
    case "dataDir": spec.dataDir = `${value}.data`; break;
    case "schemeKey": addFile(spec, { path: `{data}/${value}/x.txt`, data: "x\n" }); break;
    case "headersPath": addFile(spec, { path: `{data}/headers/${value}`, data: "#define EVIL 1\n" }); break;
    case "scriptsPath": addFile(spec, { path: `{data}/scripts/${value}`, data: SCRIPT, mode: 0o755 }); break;
    case "dataPath": addFile(spec, { path: `{data}/data/${value}`, data: "evil\n" }); break;
    case "purelibPath": addFile(spec, { path: `{data}/purelib/${value}`, data: "evil = 1\n" }); break;
    case "platlibPath": addFile(spec, { path: `{data}/platlib/${value}`, data: "evil = 1\n" }); break;
    case "rootPath": addFile(spec, { path: value, data: "evil = 1\n" }); break;
    case "packagePath": addFile(spec, { path: `victim/${value}`, data: "evil = 1\n" }); break;
    case "consoleName": spec.entryPoints = `${spec.entryPoints ?? ""}[console_scripts]\n${value} = victim:main\n`; break;
    case "consoleValue": spec.entryPoints = `[console_scripts]\nvictim-cli = ${value}\n`; break;
    case "guiName": spec.entryPoints = `${spec.entryPoints ?? ""}[gui_scripts]\n${value} = victim:main\n`; break;
    case "guiValue": spec.entryPoints = `${spec.entryPoints ?? ""}[gui_scripts]\nvictim-gui = ${value}\n`; break;
    case "symlinkTarget": addFile(spec, { path: "victim/link", data: value, symlink: true }); break;
    case "wheelTag": spec.wheelFile = `Wheel-Version: 1.0\nGenerator: pyvendor-tests\nRoot-Is-Purelib: true\nTag: ${value}\n\n`; break;
    case "topLevel": spec.topLevel = [value]; break;
    case "projectEverywhere": spec.metadataName = value; spec.distInfoDir = info(value, VERSION); break;
    case "versionEverywhere": spec.metadataVersion = value; spec.distInfoDir = info(NAME, value); break;
    default: break;
  }
}

/** Puts `value` into one field of the (copied) manifest; returns whether it changed anything. */
function injectManifest(m: Manifest, { slot, value }: Injection): boolean {
  const pkg = m.packages[0];
  const wheel = pkg?.wheels[0];
  if (!pkg || !wheel) return false;
  const target = m.targets[0];
  switch (slot) {
    case "packageName": pkg.name = value; return true;
    case "packageVersion": pkg.version = value; return true;
    case "wheelFilename": wheel.filename = value; return true;
    case "wheelFileProject": wheel.filename = `${value}-${VERSION}-py3-none-any.whl`; return true;
    case "wheelFileVersion": wheel.filename = `${NAME}-${value}-py3-none-any.whl`; return true;
    case "wheelTags": wheel.tags = [value]; return true;
    case "targetId":
      if (target) target.id = value;
      pkg.targets = [value];
      wheel.targets = [value];
      return true;
    case "bundleName": m.name = value; return true;
    case "bundleVersion": m.version = value; return true;
    case "requirement": m.requirements = [value]; return true;
    case "projectEverywhere":
      pkg.name = value.toLowerCase().replace(/[-_.]+/g, "-");
      wheel.filename = `${value}-${VERSION}-py3-none-any.whl`;
      m.requirements = [`${value}==${VERSION}`];
      return true;
    case "versionEverywhere":
      pkg.version = value;
      wheel.filename = `${NAME}-${value}-py3-none-any.whl`;
      m.requirements = [`${NAME}==${value}`];
      return true;
    default: return false;
  }
}

/** The wheel spec and the manifest change of a case (undefined when only the wheel is hostile). */
export function buildCase(c: HostileCase): { wheel: WheelSpec; alterManifest?: (m: Manifest) => Manifest } {
  const wheel = honestWheel();
  for (const injection of c.injections) injectWheel(wheel, injection);
  const touchesManifest = c.injections.some((i) => (MANIFEST_SLOTS as readonly string[]).includes(i.slot) || (COHERENT_SLOTS as readonly string[]).includes(i.slot));
  if (!touchesManifest) return { wheel };
  return {
    wheel,
    alterManifest: (m) => {
      for (const injection of c.injections) injectManifest(m, injection);
      return m;
    },
  };
}

/** A one-line description of a case, for the log and a counterexample. */
export function describeCase(c: HostileCase): string {
  return `${c.form}/${c.mode} ${c.injections.map((i) => `${i.slot}=${JSON.stringify(i.value)}`).join(" + ")}`;
}
