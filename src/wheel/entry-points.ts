// entry_points.txt (packaging.python.org "Entry points"): console and GUI scripts, and their launchers.
import { PyvendorError } from "../errors.js";
import { safeComponent } from "../standards/path-component.js";

export interface ScriptEntryPoint {
  /** The script's file name in bin/. */
  name: string;
  /** Module to import, e.g. "hello_cli.cli". */
  module: string;
  /** Attribute path after the colon, e.g. "main" or "App.run". */
  attr: string;
  gui: boolean;
}

/** Parses the INI-style file into sections of `name = value` pairs (keys keep their case). */
export function parseEntryPointsIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set((section[1] as string).trim(), current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0 || !current) continue;
    current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

/**
 * The console_scripts and gui_scripts of an entry_points.txt. Throws E_WHEEL_INVALID for a
 * value without `module:attr`, E_UNSAFE_PATH for a script name that is not a plain file name.
 */
export function scriptEntryPoints(text: string, where: string): ScriptEntryPoint[] {
  const sections = parseEntryPointsIni(text);
  const out: ScriptEntryPoint[] = [];
  for (const [section, gui] of [["console_scripts", false], ["gui_scripts", true]] as const) {
    for (const [name, value] of sections.get(section) ?? []) {
      const m = /^([\w.]+)\s*:\s*([\w.]+)\s*(\[.*\])?$/.exec(value);
      if (!m) {
        throw new PyvendorError("E_WHEEL_INVALID", `${where}: entry point "${name} = ${value}" is not of the form module:attr`);
      }
      safeComponent(name, "script name", where);
      out.push({ name, module: m[1] as string, attr: m[2] as string, gui });
    }
  }
  return out;
}

/**
 * pip's special case for its own and setuptools' versioned scripts: `pip`, `pip3`, `pip3.X`
 * (and `easy_install`, `easy_install-3.X`) are made for the target Python whatever the wheel says.
 */
export function versionedScripts(entries: ScriptEntryPoint[], pythonVersion: [number, number]): ScriptEntryPoint[] {
  const [major, minor] = pythonVersion;
  const console = entries.filter((e) => !e.gui);
  const pip = console.find((e) => e.name === "pip");
  const easy = console.find((e) => e.name === "easy_install");
  const rest = console.filter(
    (e) => !(pip && /^pip(\d+(\.\d+)?)?$/.test(e.name)) && !(easy && /^easy_install(-\d+\.\d+)?$/.test(e.name)),
  );
  const special: ScriptEntryPoint[] = [];
  if (pip) special.push(pip, { ...pip, name: `pip${major}` }, { ...pip, name: `pip${major}.${minor}` });
  if (easy) special.push(easy, { ...easy, name: `easy_install-${major}.${minor}` });
  return [...special, ...rest, ...entries.filter((e) => e.gui)];
}

/** The body of a launcher script (after the shebang), byte for byte what pip writes. */
export function launcherBody(entry: ScriptEntryPoint): string {
  const importName = entry.attr.split(".")[0] as string;
  return [
    "# -*- coding: utf-8 -*-",
    "import re",
    "import sys",
    `from ${entry.module} import ${importName}`,
    "if __name__ == '__main__':",
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
    `    sys.exit(${entry.attr}())`,
    "",
  ].join("\n");
}
