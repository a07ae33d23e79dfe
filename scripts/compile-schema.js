#!/usr/bin/env node
// Build step: compiles schemas/manifest.schema.json into standalone validators (ajv standalone),
// so that reading a bundle does not load and run ajv's compiler at start-up.
// Writes dist/src/bundle/manifest-validators.cjs with `strict` and `lenient` exports; validate.ts
// falls back to compiling at run time when the file is absent.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Ajv2020 } = require("ajv/dist/2020.js");
const standaloneCode = require("ajv/dist/standalone").default;

const root = new URL("../", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("schemas/manifest.schema.json", root), "utf8"));

/** The same relaxation as validate.ts: newer minor formats may add keys. */
function withoutClosedObjects(node) {
  if (Array.isArray(node)) return node.map(withoutClosedObjects);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "additionalProperties" && value === false) continue;
    out[key] = withoutClosedObjects(value);
  }
  return out;
}

const ajv = new Ajv2020({ allErrors: false, allowUnionTypes: true, strict: true, code: { source: true } });
ajv.addSchema({ ...schema, $id: "strict" });
ajv.addSchema({ ...withoutClosedObjects(schema), $id: "lenient" });
const code = standaloneCode(ajv, { strict: "strict", lenient: "lenient" });
const outDir = new URL("dist/src/bundle/", root);
mkdirSync(outDir, { recursive: true });
const out = new URL("manifest-validators.cjs", outDir);
const tmp = new URL(`manifest-validators.cjs.${process.pid}.tmp`, outDir);
writeFileSync(tmp, code);
renameSync(tmp, out);
