// Shebangs: plain when short, the /bin/sh exec trick when long or spaced, relative when relocatable.
import assert from "node:assert/strict";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { execa } from "execa";
import { rewritePythonShebang, shebang } from "../../src/wheel/shebang.js";
import { tempDir } from "../helpers/env.js";

test("short paths give a plain #! line; long or spaced ones the /bin/sh trick", () => {
  assert.equal(shebang("/v/bin/python"), "#!/v/bin/python\n");
  const long = `/${"x".repeat(130)}/bin/python`;
  assert.equal(shebang(long), `#!/bin/sh\n'''exec' ${long} "$0" "$@"\n' '''\n`);
  assert.equal(shebang("/my venv/bin/python"), `#!/bin/sh\n'''exec' "/my venv/bin/python" "$0" "$@"\n' '''\n`);
});

test("#!python is replaced with the whole first line, the rest kept", () => {
  const out = rewritePythonShebang(Buffer.from("#!pythonw -u\nprint(1)\n"), "/v/bin/python");
  assert.equal(out.toString(), "#!/v/bin/python\nprint(1)\n");
});

test("the /bin/sh trick really runs a script from a directory with spaces and a long name", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const bin = path.join(dir, `a dir with spaces ${"y".repeat(120)}`, "bin");
    await mkdir(bin, { recursive: true });
    const python = path.join(bin, "python");
    await writeFile(python, `#!/bin/sh\nexec python3 "$@"\n`);
    await chmod(python, 0o755);
    for (const [name, head] of [["abs", shebang(python)], ["rel", shebang(python, { relocatable: true })]] as const) {
      const script = path.join(bin, name);
      await writeFile(script, `${head}import sys\nprint("ran", sys.argv[1:])\n`);
      await chmod(script, 0o755);
      const { stdout } = await execa(script, ["x y"]);
      assert.equal(stdout, "ran ['x y']");
    }
  } finally {
    await cleanup();
  }
});
