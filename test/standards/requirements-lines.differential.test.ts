// The requirements-file machinery agrees with pip (23.2.1, beside packaging) and with shlex.
import { before, test } from "node:test";
import fc from "fast-check";
import { assertOracleVersion } from "../helpers/packaging-oracle.js";
import { normalizeName } from "../../src/standards/names.js";
import { breakArgsOptions, preprocessRequirements } from "../../src/standards/requirements-lines.js";
import { applyFormatControl, parseOptionWords } from "../../src/standards/requirements-options.js";
import { shellSplit } from "../../src/standards/shell-split.js";
import { assertSameAsPackaging, fuzzPlan, outcome, sampleCases } from "./differential.js";
import { optionWords, requirementLine, requirementsContent, requirementsEnv } from "./arbitraries/requirements-files.js";

before(assertOracleVersion);

test("shell splitting of option text equals Python's shlex.split", async (t) => {
  const plan = fuzzPlan(3000, (m) => t.diagnostic(m));
  const text = fc.array(fc.oneof(optionWords, fc.constantFrom('"', "'", "\\", " ", '\\"', "a'b'c", '"x\\y"', '""')), { maxLength: 6 }).map((w) => w.join(""));
  await assertSameAsPackaging({
    inputs: sampleCases(text, plan),
    request: (t2) => ({ op: "shlex", text: t2 }),
    ours: (t2) => outcome(() => shellSplit(t2)),
  });
});

test("file contents become pip's logical lines (continuations, comments, ${VAR})", async (t) => {
  const plan = fuzzPlan(4000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(requirementsContent, plan),
    request: (content) => ({ op: "pip_lines", content, env: requirementsEnv }),
    ours: (content) => outcome(() => preprocessRequirements(content, requirementsEnv).map((l) => [l.line, l.text])),
  });
});

const STRONG = new Set(["sha256", "sha384", "sha512"]);

// Our parse of one line, in the shape of pip's option values (--use-feature is left out: pip's
// default list for it is shared between lines, so its value leaks from line to line).
function asPip(line: string): unknown {
  const { args, options } = breakArgsOptions(line);
  const parsed = parseOptionWords(shellSplit(options)).options;
  const out = {
    args, index_url: null as string | null, extra_index_urls: [] as string[], no_index: false,
    constraints: [] as string[], requirements: [] as string[], editables: [] as string[], find_links: [] as string[],
    no_binary: [] as string[], only_binary: [] as string[], prefer_binary: false, require_hashes: false, pre: false,
    trusted_hosts: [] as string[], hashes: {} as Record<string, string[]>,
  };
  for (const { name, value } of parsed) {
    if (name === "index-url") out.index_url = value;
    else if (name === "extra-index-url") out.extra_index_urls.push(value);
    else if (name === "no-index") out.no_index = true;
    else if (name === "constraint") out.constraints.push(value);
    else if (name === "requirement") out.requirements.push(value);
    else if (name === "editable") out.editables.push(value);
    else if (name === "find-links") out.find_links.push(value);
    else if (name === "no-binary") applyFormatControl(value, out.no_binary, out.only_binary, normalizeName);
    else if (name === "only-binary") applyFormatControl(value, out.only_binary, out.no_binary, normalizeName);
    else if (name === "prefer-binary") out.prefer_binary = true;
    else if (name === "require-hashes") out.require_hashes = true;
    else if (name === "pre") out.pre = true;
    else if (name === "trusted-host") out.trusted_hosts.push(value);
    else if (name === "hash") {
      const colon = value.indexOf(":");
      const algorithm = value.slice(0, colon);
      if (colon < 0 || !STRONG.has(algorithm)) throw new Error(`bad hash ${value}`);
      (out.hashes[algorithm] ??= []).push(value.slice(colon + 1));
    }
  }
  out.no_binary.sort();
  out.only_binary.sort();
  return out;
}

test("each line splits into requirement and options exactly as pip's line parser", async (t) => {
  const plan = fuzzPlan(4000, (m) => t.diagnostic(m));
  await assertSameAsPackaging({
    inputs: sampleCases(requirementLine, plan),
    request: (line) => ({ op: "pip_line", line }),
    ours: (line) => outcome(() => asPip(line)),
  });
});
