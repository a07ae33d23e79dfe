// Names, wheel/sdist file names and described interpreters' tags agree with packaging.
import { before, test } from "node:test";
import fc from "fast-check";
import { assertOracleVersion } from "../helpers/packaging-oracle.js";
import { isNormalizedName, isValidProjectName, normalizeName } from "../../src/standards/names.js";
import { interpreterTags, parseSdistFilename, parseWheelFilename } from "../../src/standards/tags.js";
import { compareCodePoints } from "../../src/standards/py-text.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases } from "./differential.js";
import { projectName, sdistFilename, tagEnvironment, wheelFilename } from "./arbitraries/tags.js";

before(assertOracleVersion);

test("wheel file names parse as packaging's parse_wheel_filename", async (t) => {
  const plan = fuzzPlan(5000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(wheelFilename, plan),
    request: (filename) => ({ op: "wheel", filename }),
    ours: (filename) =>
      outcome(() => {
        const wheel = parseWheelFilename(filename);
        return {
          name: wheel.name,
          version: wheel.version,
          build: wheel.build ? [wheel.build.number, wheel.build.tag] : null,
          tags: [...wheel.tags].sort(compareCodePoints),
        };
      }),
  });
});

test("sdist file names parse as packaging's parse_sdist_filename", async (t) => {
  const plan = fuzzPlan(3000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(sdistFilename, plan),
    request: (filename) => ({ op: "sdist", filename }),
    ours: (filename) =>
      outcome(() => {
        const { name, version } = parseSdistFilename(filename);
        return { name, version };
      }),
  });
});

test("project names normalize and validate as packaging's canonicalize_name", async (t) => {
  const plan = fuzzPlan(3000, (m) => t.diagnostic(m));
  const names = fc.oneof(projectName, fc.stringMatching(/^[A-Za-z0-9._-]{0,10}$/));
  await assertSameAsPackaging({
    inputs: sampleCases(names, plan),
    request: (name) => ({ op: "name", name }),
    ours: (name) =>
      outcome(() => ({ normalized: normalizeName(name), valid: isValidProjectName(name), isNormalized: isNormalizedName(name) })),
  });
});

test("described interpreters (CPython/PyPy/..., debug, free-threaded, 32-bit, musl, macOS, Windows) get packaging's sys_tags()", async (t) => {
  // Each case yields thousands of tags; a few thousand cases cover the option space.
  const plan = fuzzPlan(400, (m) => t.diagnostic(m), 2000);
  await assertSameAsPackaging({
    inputs: sampleCases(tagEnvironment, plan),
    request: (env) => ({ op: "tags_for", env }),
    ours: (env) => outcome(() => interpreterTags(env)),
  });
});
