// A generated wheel set covering what the fixture packages do not: .data dirs, GUI scripts, namespaces...
import { buildWheel, type BuiltWheel } from "./wheel-factory.js";

/**
 * Writes five wheels into `outDir`:
 * - odd-pkg: every `.data` scheme (scripts with `#!python`, plain and non-executable, headers,
 *   data, purelib, platlib), a console and a GUI entry point, a `.data/scripts` wrapper that pip
 *   skips because an entry point has its name, a .pth file, an executable data file, file names
 *   with spaces, commas, quotes and non-ASCII letters;
 * - ns-one and ns-two: two halves of a PEP 420 namespace package, ns-two with an unmet requirement;
 * - untagged: a WHEEL file with no Tag line; signed-pkg: RECORD.jws and RECORD.p7s, unlisted.
 */
export async function coverageWheels(outDir: string): Promise<BuiltWheel[]> {
  const odd = await buildWheel(
    {
      name: "odd-pkg",
      version: "2.0.1",
      metadata: ["Requires-Dist: ns-one>=1.0", "Requires-Dist: colorama; sys_platform == \"win32\"", "Provides-Extra: extra"],
      entryPoints: "[console_scripts]\nodd = odd_pkg:main\n\n[gui_scripts]\nodd-gui = odd_pkg:Gui.run\n",
      files: [
        { path: "odd_pkg/__init__.py", data: "def main():\n    print('odd main')\n    return 0\n\nclass Gui:\n    @staticmethod\n    def run():\n        print('odd gui')\n" },
        { path: "odd_pkg/data file with spaces.txt", data: "spaces\n" },
        { path: "odd_pkg/comma,name \"quoted\".txt", data: "comma\n" },
        { path: "odd_pkg/ünïcødé.txt", data: "unicode\n" },
        { path: "odd_pkg/tool.sh", data: "#!/bin/sh\necho tool\n", mode: 0o755 },
        { path: "odd-paths.pth", data: "odd_paths\n" },
        { path: "odd_paths/odd_via_pth.py", data: "VALUE = 'from pth'\n" },
        { path: "{data}/scripts/odd-script", data: "#!python\nimport sys\nprint('odd script', sys.prefix)\n", mode: 0o755 },
        { path: "{data}/scripts/odd-noexec", data: "#!python\nprint('not executable')\n", mode: 0o644 },
        { path: "{data}/scripts/plain.sh", data: "#!/bin/sh\necho plain\n", mode: 0o755 },
        { path: "{data}/scripts/odd", data: "#!python\nprint('setuptools-style wrapper, skipped')\n", mode: 0o755 },
        { path: "{data}/headers/odd.h", data: "#define ODD 1\n" },
        { path: "{data}/data/share/odd-pkg/config.ini", data: "[odd]\nx = 1\n" },
        { path: "{data}/data/share/odd-pkg/run.sh", data: "#!/bin/sh\n", mode: 0o755 },
        { path: "{data}/purelib/odd_extra.py", data: "EXTRA = 1\n" },
        { path: "{data}/platlib/odd_plat.py", data: "PLAT = 1\n" },
      ],
    },
    outDir,
  );
  const nsOne = await buildWheel(
    { name: "ns-one", version: "1.0", files: [{ path: "nsroot/one/__init__.py", data: "NAME = 'one'\n" }] },
    outDir,
  );
  const nsTwo = await buildWheel(
    {
      name: "ns_two",
      version: "1.5",
      rootIsPurelib: false,
      metadata: ["Requires-Dist: not-installed>=1.0", "Requires-Dist: ns-one<1.0; python_version >= \"3\""],
      files: [{ path: "nsroot/two/__init__.py", data: "NAME = 'two'\n" }],
    },
    outDir,
  );
  // A WHEEL file with no Tag line: valid, the file name's tags stand.
  const untagged = await buildWheel(
    {
      name: "untagged",
      version: "0.3",
      wheelFile: "Wheel-Version: 1.0\nGenerator: hand-made\nRoot-Is-Purelib: true\n\n",
      files: [{ path: "untagged.py", data: "VALUE = 'untagged'\n" }],
    },
    outDir,
  );
  // A signed wheel: RECORD.jws and RECORD.p7s, which RECORD cannot list (the spec says so).
  const signed = await buildWheel(
    {
      name: "signed-pkg",
      version: "1.1",
      files: [{ path: "signed_pkg/__init__.py", data: "SIGNED = True\n" }],
      tamper: (entries, record) => ({
        entries: [
          ...entries,
          { name: "signed_pkg-1.1.dist-info/RECORD.jws", data: '{"recipients": [], "payload": "e30"}\n' },
          { name: "signed_pkg-1.1.dist-info/RECORD.p7s", data: Buffer.from([0x30, 0x82, 0x01, 0x00]) },
        ],
        record,
      }),
    },
    outDir,
  );
  return [odd, nsOne, nsTwo, untagged, signed];
}
