#!/usr/bin/env node
// Build step: bundles the compiled CLI (dist/src/cli/main.js) into a few ES modules in dist/cli/.
// Each command still loads lazily (code splitting), but a command like `rollback` now reads a
// handful of files instead of ~40 modules, which is most of a Node CLI's start-up time.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/cli", { recursive: true, force: true });

const result = await build({
  entryPoints: { main: "dist/src/cli/main.js" },
  outdir: "dist/cli",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The AWS SDK is large and only the S3 cache level needs it; archiver and cli-progress are
  // loaded through createRequire at run time. They stay in node_modules.
  external: ["@aws-sdk/*", "archiver", "cli-progress"],
  // CommonJS dependencies bundled into ES modules need a real `require` for Node's built-ins.
  banner: { js: 'import { createRequire as __pvCreateRequire } from "node:module"; const require = __pvCreateRequire(import.meta.url);' },
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
});
// Which sources each output file holds: the module-loading tests map loaded chunks back to them.
// Outside dist/cli/, which is shipped whole: the metafile is for tests, not for users.
mkdirSync("dist/meta", { recursive: true });
writeFileSync("dist/meta/cli-metafile.json", JSON.stringify(result.metafile));
