// Shebang lines for installed scripts: absolute, the /bin/sh exec trick, or relative (relocatable).

/** Linux reads at most this many bytes of a `#!` line (including `#!` and the newline). */
export const MAX_SHEBANG = 127;

/**
 * The first line(s) of a script run by `interpreter` (an absolute path), ending with a newline.
 * A short path without spaces gives `#!<path>`; otherwise a `/bin/sh` preamble that execs the
 * interpreter, which is also a Python string literal so Python skips it.
 * With `relocatable`, the preamble finds `python` next to the script's resolved location.
 */
export function shebang(interpreter: string, options: { relocatable?: boolean } = {}): string {
  if (options.relocatable) {
    return `#!/bin/sh\n'''exec' "$(dirname "$(realpath "$0")")/python" "$0" "$@"\n' '''\n`;
  }
  const simple = !interpreter.includes(" ") && Buffer.byteLength(interpreter) + 3 <= MAX_SHEBANG;
  if (simple) return `#!${interpreter}\n`;
  const quoted = interpreter.includes(" ") ? `"${interpreter}"` : interpreter;
  return `#!/bin/sh\n'''exec' ${quoted} "$0" "$@"\n' '''\n`;
}

/**
 * Rewrites a `#!python...` first line (the wheel spec's placeholder) to `shebang(...)`, keeping
 * the rest of the file. `content` must start with `#!python`. Like pip, the whole first line goes.
 */
export function rewritePythonShebang(content: Buffer, interpreter: string, options: { relocatable?: boolean } = {}): Buffer {
  const nl = content.indexOf(0x0a);
  const rest = nl < 0 ? Buffer.alloc(0) : content.subarray(nl + 1);
  return Buffer.concat([Buffer.from(shebang(interpreter, options)), rest]);
}
