// RECORD parsing and formatting round-trip, CSV quoting, and the hash rules of the spec.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { formatRecord, parseRecord, sha256Record, splitRecordHash } from "../../src/wheel/record.js";

test("rows with commas and quotes survive a round trip, CRLF files parse", () => {
  const rows = [
    { path: 'pkg/a,b "c".txt', hash: sha256Record("x"), size: "1" },
    { path: "pkg/plain.py", hash: "sha256=abc", size: "3" },
    { path: "pkg-1.0.dist-info/RECORD", hash: "", size: "" },
  ];
  const text = formatRecord(rows);
  assert.equal(text.split("\n")[0], '"pkg/a,b ""c"".txt",sha256=LXEWQrcmsEQBYnyp-6wy9chTD7GQPMTbAiWHF5IaSIE,1');
  assert.deepEqual(parseRecord(text), rows);
  assert.deepEqual(parseRecord(text.replace(/\n/g, "\r\n")), rows);
});

test("sha256Record is urlsafe base64 without padding", () => {
  assert.equal(sha256Record(""), "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
});

test("md5 and sha1 are refused; sha512 is accepted", () => {
  assert.throws(() => splitRecordHash("md5=abc", "w"), (e: unknown) => isPyvendorError(e, "E_RECORD_MISMATCH"));
  assert.throws(() => splitRecordHash("sha1=abc", "w"), (e: unknown) => isPyvendorError(e, "E_RECORD_MISMATCH"));
  assert.deepEqual(splitRecordHash("sha512=xyz==", "w"), { algo: "sha512", digest: "xyz" });
});

test("an unterminated quote is E_WHEEL_INVALID", () => {
  assert.throws(() => parseRecord('"broken,sha256=x,1\n'), (e: unknown) => isPyvendorError(e, "E_WHEEL_INVALID"));
});
