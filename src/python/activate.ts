// Activation scripts: the interpreter's own venv templates, filled in as its venv module would.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PyvendorError, isErrno } from "../errors.js";
import type { PythonInfo } from "./interpreter.js";

export interface ActivationContext {
  /** The venv's final absolute path (what VIRTUAL_ENV is set to). */
  envDir: string;
  /** The prompt given by the user, if any (else the directory's name is used). */
  prompt?: string;
  /** Relative name of the scripts directory ("bin"). */
  binName: string;
  /** Name of the interpreter link in bin/ that venv calls env_exe. */
  exeName: string;
  /** Find the venv from the script's own location instead of the baked-in path. */
  relocatable?: boolean;
}

/** How this Python version's venv fills its templates (read from its bash template). */
export interface TemplateStyle {
  /** Values are shell-quoted (templates without quotes around `__VENV_DIR__`). */
  quoted: boolean;
  /** `__VENV_PROMPT__` is the bare prompt (3.13+), not `(prompt) `. */
  barePrompt: boolean;
}

/** The style of the interpreter's venv, judged from its `activate` template. */
export function templateStyle(bashTemplate: string): TemplateStyle {
  return {
    quoted: !bashTemplate.includes('"__VENV_DIR__"'),
    barePrompt: bashTemplate.includes("(__VENV_PROMPT__)") || bashTemplate.includes('("__VENV_PROMPT__")'),
  };
}

export interface ActivationScript {
  name: string;
  content: string;
}

/** Python's shlex.quote. */
export function shQuote(text: string): string {
  if (text === "") return "''";
  if (!/[^\w@%+=:,./-]/.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

function ps1Quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const BASH_PRELUDE = (fallback: string) => `# pyvendor: relocatable venv, found from this file's own location.
if [ -n "\${BASH_SOURCE-}" ]; then
    _PYVENDOR_VENV_DIR=\${BASH_SOURCE}
elif [ -n "\${ZSH_VERSION-}" ]; then
    _PYVENDOR_VENV_DIR=$0
else
    _PYVENDOR_VENV_DIR=${shQuote(`${fallback}/bin/activate`)}
fi
_PYVENDOR_VENV_DIR=$(CDPATH= cd -- "$(dirname -- "$_PYVENDOR_VENV_DIR")/.." && pwd)
`;

const CSH_PRELUDE = (fallback: string) => `# pyvendor: relocatable venv, found from the sourced file's path (tcsh's $_).
set _pyvendor_src = ($_)
if ( $#_pyvendor_src >= 2 ) then
    set _pyvendor_venv = \`dirname "$_pyvendor_src[2]"\`
    set _pyvendor_venv = \`cd "$_pyvendor_venv/.." && pwd\`
else
    set _pyvendor_venv = "${fallback}"
endif
`;

const FISH_DIR = `(command sh -c 'CDPATH= cd -- "$(dirname -- "$1")/.." && pwd' sh (status filename))`;

/**
 * Fills one template the way the interpreter's venv module does: templates with `"__VENV_DIR__"`
 * in quotes get plain replacement; newer ones (CPython's gh-124651 fix) get shell-quoted values.
 * Templates with `(__VENV_PROMPT__)` take the bare prompt, older ones `(prompt) `.
 */
export function renderActivation(name: string, template: string, ctx: ActivationContext, style: TemplateStyle): string {
  const envName = path.basename(ctx.envDir);
  const bare = ctx.prompt ?? envName;
  const prompt = style.barePrompt ? bare : `(${bare}) `;
  const quote = !style.quoted ? (s: string) => s : name.endsWith(".ps1") ? ps1Quote : name.endsWith(".bat") ? (s: string) => s : shQuote;
  let text = template;
  if (ctx.relocatable) {
    if (name === "activate") {
      text = BASH_PRELUDE(ctx.envDir) + text.replace(/"__VENV_DIR__"/g, "__VENV_DIR__").replace(/__VENV_DIR__/g, '"$_PYVENDOR_VENV_DIR"');
      text += "unset _PYVENDOR_VENV_DIR\n";
    } else if (name === "activate.fish") {
      text = text.replace(/"__VENV_DIR__"/g, "__VENV_DIR__").replace(/__VENV_DIR__/g, FISH_DIR);
    } else if (name === "activate.csh") {
      text = CSH_PRELUDE(ctx.envDir) + text.replace(/"__VENV_DIR__"/g, "__VENV_DIR__").replace(/__VENV_DIR__/g, '"$_pyvendor_venv"');
      text += "unset _pyvendor_src _pyvendor_venv\n";
    }
  }
  const values: [string, string][] = [
    ["__VENV_DIR__", ctx.envDir],
    ["__VENV_NAME__", envName],
    ["__VENV_PROMPT__", prompt],
    ["__VENV_BIN_NAME__", ctx.binName],
    ["__VENV_PYTHON__", path.join(ctx.envDir, ctx.binName, ctx.exeName)],
  ];
  for (const [key, value] of values) text = text.split(key).join(quote(value));
  return text;
}

async function listTemplates(dir: string): Promise<{ name: string; file: string }[]> {
  const out: { name: string; file: string }[] = [];
  for (const sub of ["common", "posix"]) {
    try {
      for (const name of (await readdir(path.join(dir, sub))).sort()) out.push({ name, file: path.join(dir, sub, name) });
    } catch (err: unknown) {
      if (!isErrno(err, "ENOENT")) throw err;
    }
  }
  return out;
}

/**
 * The activation scripts (activate, activate.fish, activate.csh, Activate.ps1) for a venv of
 * `python`, from the templates in its standard library's venv/scripts/{common,posix}.
 * Throws E_PYTHON_UNSUPPORTED when the interpreter ships no templates.
 */
export async function activationScripts(python: PythonInfo, ctx: ActivationContext): Promise<ActivationScript[]> {
  const stdlib = path.join(python.basePrefix, python.schemePaths.stdlib ?? `lib/python${python.versionInfo[0]}.${python.versionInfo[1]}`);
  const dir = path.join(stdlib, "venv", "scripts");
  const templates = await listTemplates(dir);
  const bash = templates.find((t) => t.name === "activate");
  if (!bash) {
    throw new PyvendorError("E_PYTHON_UNSUPPORTED", `The interpreter ${python.executable} has no venv activation templates in ${dir}`, {
      hint: "Install the interpreter's venv module (on Debian/Ubuntu: the python3-venv package).",
    });
  }
  const style = templateStyle(await readFile(bash.file, "utf8"));
  const scripts: ActivationScript[] = [];
  for (const t of templates) {
    scripts.push({ name: t.name, content: renderActivation(t.name, await readFile(t.file, "utf8"), ctx, style) });
  }
  return scripts;
}
