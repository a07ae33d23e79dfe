// entry_points.txt: console and GUI scripts, pip's versioned names, and launcher text identical to pip's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { launcherBody, scriptEntryPoints, versionedScripts } from "../../src/wheel/entry-points.js";
import { shebang } from "../../src/wheel/shebang.js";

const text = "[console_scripts]\nhello = hello_cli.cli:main\nTool-X = pkg.mod:App.run [extra]\n\n[gui_scripts]\nwin = pkg.gui:start\n\n[other]\nignored = x:y\n";

test("console and GUI scripts are read with their module and attribute", () => {
  assert.deepEqual(scriptEntryPoints(text, "t"), [
    { name: "hello", module: "hello_cli.cli", attr: "main", gui: false },
    { name: "Tool-X", module: "pkg.mod", attr: "App.run", gui: false },
    { name: "win", module: "pkg.gui", attr: "start", gui: true },
  ]);
});

test("pip's own scripts get the target's versioned names, whatever the wheel says", () => {
  const eps = scriptEntryPoints("[console_scripts]\npip = pip._internal.cli.main:main\npip3 = pip._internal.cli.main:main\npip3.8 = pip._internal.cli.main:main\n", "t");
  assert.deepEqual(versionedScripts(eps, [3, 11]).map((e) => e.name), ["pip", "pip3", "pip3.11"]);
});

test("the launcher is byte for byte pip's (distlib) template", () => {
  const [, tool] = scriptEntryPoints(text, "t");
  assert.equal(
    shebang("/srv/app/venv/bin/python") + launcherBody(tool!),
    "#!/srv/app/venv/bin/python\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pkg.mod import App\nif __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(App.run())\n",
  );
});
