import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { parseSimpleHtml, parseSimpleJson } from "../../src/package-index/simple-page.js";

const page = "https://idx.example/simple/demo/";

test("PEP 503 HTML: hashes, requires-python entities, yanked, PEP 658/714 metadata, base href", () => {
  const html = `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"></head><body>
<a href="../../files/demo-1.0.tar.gz#sha256=ABCDEF" data-requires-python="&gt;=3.8,&lt;4">demo-1.0.tar.gz</a>
<a href='https://cdn.example/demo-1.1-py3-none-any.whl' data-yanked="broken &amp; bad" data-core-metadata="sha256=0a1b">x</a>
<a href="demo-1.2-py3-none-any.whl" data-dist-info-metadata="true" data-yanked>demo-1.2-py3-none-any.whl</a>
</body></html>`;
  const { links, apiVersion } = parseSimpleHtml(html, page);
  assert.equal(apiVersion, "1.1");
  assert.deepEqual(links[0], {
    url: "https://idx.example/files/demo-1.0.tar.gz",
    filename: "demo-1.0.tar.gz",
    hashes: { sha256: "abcdef" },
    requiresPython: ">=3.8,<4",
    yanked: false,
  });
  assert.equal(links[1]?.filename, "demo-1.1-py3-none-any.whl");
  assert.equal(links[1]?.yanked, "broken & bad");
  assert.deepEqual(links[1]?.coreMetadata, { sha256: "0a1b" });
  assert.equal(links[2]?.url, "https://idx.example/simple/demo/demo-1.2-py3-none-any.whl");
  assert.equal(links[2]?.yanked, "");
  assert.deepEqual(links[2]?.coreMetadata, {});
  const based = parseSimpleHtml('<base href="https://other.example/dl/"><a href="x-1.0.tar.gz">x</a>', page);
  assert.equal(based.links[0]?.url, "https://other.example/dl/x-1.0.tar.gz");
});

test("PEP 691 JSON: hashes, size (PEP 700), yanked true/reason, core-metadata over dist-info-metadata", () => {
  const json = JSON.stringify({
    meta: { "api-version": "1.1" },
    name: "demo",
    versions: ["1.0"],
    files: [
      { filename: "demo-1.0.tar.gz", url: "../../files/demo-1.0.tar.gz", hashes: { sha256: "AA" }, size: 10, "requires-python": ">=3.9", yanked: true },
      { filename: "demo-1.0-py3-none-any.whl", url: "/f/demo-1.0-py3-none-any.whl", hashes: {}, yanked: "oops", "core-metadata": { sha256: "cc" }, "dist-info-metadata": true },
      { filename: "demo-0.9.tar.gz", url: "/f/demo-0.9.tar.gz", hashes: {}, "core-metadata": false },
    ],
  });
  const { links } = parseSimpleJson(json, page);
  assert.deepEqual(links[0], {
    url: "https://idx.example/files/demo-1.0.tar.gz",
    filename: "demo-1.0.tar.gz",
    hashes: { sha256: "aa" },
    requiresPython: ">=3.9",
    yanked: "",
    size: 10,
  });
  assert.equal(links[1]?.yanked, "oops");
  assert.deepEqual(links[1]?.coreMetadata, { sha256: "cc" });
  assert.equal(links[2]?.coreMetadata, undefined);
});

test("an unknown major API version or a malformed page is E_INDEX_INVALID_RESPONSE", () => {
  assert.throws(() => parseSimpleJson('{"meta":{"api-version":"2.0"},"files":[]}', page), (e: unknown) =>
    isPyvendorError(e, "E_INDEX_INVALID_RESPONSE"),
  );
  assert.throws(() => parseSimpleJson("<html>", page), (e: unknown) => isPyvendorError(e, "E_INDEX_INVALID_RESPONSE"));
  assert.throws(() => parseSimpleJson('{"meta":{}}', page), (e: unknown) => isPyvendorError(e, "E_INDEX_INVALID_RESPONSE"));
});

test("page URLs with credentials never leak into file URLs", () => {
  const { links } = parseSimpleHtml('<a href="../../files/x-1.0.tar.gz">x</a>', "https://u:secret@idx.example/simple/x/");
  assert.equal(links[0]?.url, "https://idx.example/files/x-1.0.tar.gz");
});
