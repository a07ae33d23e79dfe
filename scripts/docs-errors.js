#!/usr/bin/env node
// Regenerates docs/errors.md from the error table (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { renderErrorDocs } from "../dist/src/cli/error-docs.js";

writeFileSync(new URL("../docs/errors.md", import.meta.url), renderErrorDocs());
