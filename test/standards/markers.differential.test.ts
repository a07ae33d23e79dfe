// Markers and PEP 508 requirements agree with packaging on thousands of generated inputs.
import { before, test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { assertOracleVersion, type OracleAnswer } from "../helpers/packaging-oracle.js";
import { evaluateMarker, markerToString, parseMarker } from "../../src/standards/markers.js";
import { parseRequirement, requirementToString } from "../../src/standards/requirement.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases, type Outcome } from "./differential.js";
import { markerEnvironment, markerText, requirementText } from "./arbitraries/markers.js";

before(assertOracleVersion);

type Env = Parameters<typeof evaluateMarker>[1];

function evaluateAll(text: string, envs: Env[]): Outcome {
  return outcome(() => {
    const marker = parseMarker(text);
    const results = envs.map((env) => {
      const result = outcome(() => evaluateMarker(marker, env));
      return "ok" in result ? result : { err: "error" };
    });
    return { str: markerToString(marker), results };
  });
}

/**
 * packaging's syntax errors read "reason\n    source\n    ~~~^"; ours end in "reason (at column N)".
 * Both must name the same reason and the same start column.
 */
function sameSyntaxError(ours: Outcome, theirs: OracleAnswer): boolean {
  if (theirs.err === undefined || !("err" in ours)) return false;
  if (theirs.err !== "InvalidRequirement" && theirs.err !== "InvalidMarker") return true;
  const lines = theirs.msg.split("\n");
  const reason = lines[0] ?? "";
  const caret = lines[lines.length - 1] ?? "";
  const start = caret.length - caret.trimStart().length - 4;
  return ours.err.endsWith(`: ${reason} (at column ${start + 1})`);
}

// Evaluation errors compare as errors (their text differs between the implementations).
function sameMarkerAnswer(ours: Outcome, theirs: OracleAnswer): boolean {
  if (theirs.err !== undefined) return sameSyntaxError(ours, theirs);
  if (!("ok" in ours)) return false;
  const a = ours.ok as { str: string; results: Outcome[] };
  const b = theirs.ok as { str: string; results: OracleAnswer[] };
  return (
    a.str === b.str &&
    a.results.length === b.results.length &&
    a.results.every((r, i) => {
      const t = b.results[i] as OracleAnswer;
      return t.err !== undefined ? "err" in r : "ok" in r && r.ok === t.ok;
    })
  );
}

test("markers parse, print and evaluate as packaging's Marker", async (t) => {
  const plan = fuzzPlan(4000, (m) => t.diagnostic(m));
  const cases = fc.tuple(markerText, fc.array(markerEnvironment, { minLength: 1, maxLength: 4 }));
  await assertSameAsPackaging({
    inputs: sampleCases(cases, plan),
    request: ([text, envs]) => ({ op: "marker", text, envs }),
    ours: ([text, envs]) => evaluateAll(text, envs),
    same: sameMarkerAnswer,
  });
});

test("requirements parse and print as packaging's Requirement", async (t) => {
  const plan = fuzzPlan(5000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(requirementText, plan),
    request: (text) => ({ op: "requirement", text }),
    same: (ours, theirs) =>
      theirs.err !== undefined ? sameSyntaxError(ours, theirs) : "ok" in ours && isDeepStrictEqual(ours.ok, theirs.ok),
    ours: (text) =>
      outcome(() => {
        const req = parseRequirement(text);
        return {
          name: req.name,
          extras: req.extrasAsWritten,
          specifier: req.specifier,
          url: req.url ?? null,
          marker: req.marker ? markerToString(req.marker) : null,
          str: requirementToString(req),
        };
      }),
  });
});
