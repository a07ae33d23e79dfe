// Paths of the repository, its fixtures and the compiled CLI, as seen from compiled tests.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests run from dist/test/..., two levels below it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const fixturesDir = path.join(repoRoot, "fixtures");
export const cliPath = path.join(repoRoot, "bin", "pyvendor.js");
