import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RemoteFailure } from "../../src/cache/remote-failure.js";
import { createS3ObjectStore, type ObjectStore } from "../../src/cache/s3-object-store.js";
import type { S3Settings } from "../../src/cache/s3-settings.js";
import { tempDir } from "../helpers/env.js";
import { startS3Server, type S3TestServer } from "../helpers/s3-server.js";

async function text(store: ObjectStore, key: string): Promise<string | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of object.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

const isFailure = (kind: string) => (e: unknown) => e instanceof RemoteFailure && e.kind === kind;

describe("the S3 object store against an S3-compatible server (s3rver)", () => {
  let s3: S3TestServer;
  let work: { dir: string; cleanup: () => Promise<void> };
  let settings: S3Settings;
  let store: ObjectStore;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  before(async () => {
    s3 = await startS3Server();
    work = await tempDir();
    // The SDK's default credential chain reads these (as it would on a CI worker).
    process.env.AWS_ACCESS_KEY_ID = s3.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.secretAccessKey;
    settings = { bucket: s3.bucket, prefix: "unit", endpoint: s3.endpoint, region: "us-east-1", readOnly: false, pathStyle: true, require: false, timeoutMs: 2000, retries: 0 };
    store = await createS3ObjectStore(settings);
  });

  after(async () => {
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    await s3.stop();
    await work.cleanup();
  });

  it("uploads files and bytes under the prefix with Content-MD5 and x-amz-checksum-sha256, and reads them back", async () => {
    const file = path.join(work.dir, "blob");
    await writeFile(file, "file bytes");
    const before = s3.requests.length;
    assert.equal(await store.put("a/file", { file, policy: "replace" }), "stored");
    assert.equal(await store.put("a/bytes", { bytes: Buffer.from("{}"), policy: "replace", contentType: "application/json" }), "stored");
    const puts = s3.requests.slice(before);
    assert.deepEqual(puts.map((r) => `${r.method} ${r.path}`), [`PUT /${s3.bucket}/unit/a/file`, `PUT /${s3.bucket}/unit/a/bytes`]);
    assert.equal(puts[0]?.headers["content-md5"], createHash("md5").update("file bytes").digest("base64"));
    assert.equal(puts[0]?.headers["x-amz-checksum-sha256"], createHash("sha256").update("file bytes").digest("base64"));
    assert.equal(await text(store, "a/file"), "file bytes");
    assert.equal(await text(store, "a/missing"), undefined);
    assert.ok((await s3.keys()).includes("unit/a/file"));
  });

  it("two workers uploading the same content at once both succeed; a damaged copy is repaired", async () => {
    const bytes = Buffer.from("same artifact");
    const outcomes = await Promise.all([store.put("c/same", { bytes, policy: "content-addressed" }), store.put("c/same", { bytes, policy: "content-addressed" })]);
    assert.ok(outcomes.includes("stored"), outcomes.join());
    assert.equal(await store.put("c/same", { bytes, policy: "content-addressed" }), "present", "a conditional PUT that finds the same bytes");
    await store.put("c/same", { bytes: Buffer.from("damaged"), policy: "replace" });
    assert.equal(await store.put("c/same", { bytes, policy: "content-addressed" }), "stored");
    assert.equal(await text(store, "c/same"), "same artifact");
  });

  it("keep-first leaves the first writer's object", async () => {
    assert.equal(await store.put("e/entry.json", { bytes: Buffer.from("first"), policy: "keep-first" }), "stored");
    assert.equal(await store.put("e/entry.json", { bytes: Buffer.from("second"), policy: "keep-first" }), "present");
    assert.equal(await text(store, "e/entry.json"), "first");
  });

  it("a service without conditional writes (501) gets plain PUTs", async () => {
    const plain = await createS3ObjectStore(settings);
    await s3.setFault("no-conditional");
    try {
      const before = s3.requests.length;
      assert.equal(await plain.put("n/one", { bytes: Buffer.from("1"), policy: "content-addressed" }), "stored");
      assert.equal(await plain.put("n/two", { bytes: Buffer.from("2"), policy: "keep-first" }), "stored");
      assert.deepEqual(s3.requests.slice(before).map((r) => r.status), [501, 200, 200], "asked conditionally once");
      assert.equal(await text(plain, "n/two"), "2");
    } finally {
      await s3.setFault("none");
    }
  });

  it("an upload the server did not store intact (its ETag says other bytes) is an integrity failure", async () => {
    await s3.setFault("wrong-etag");
    try {
      await assert.rejects(store.put("w/x", { bytes: Buffer.from("x"), policy: "replace" }), isFailure("integrity"));
    } finally {
      await s3.setFault("none");
    }
  });

  it("a missing bucket, a stalled server and a refused connection are failures of their kind", async () => {
    const other = await createS3ObjectStore({ ...settings, bucket: "no-such-bucket" });
    await assert.rejects(other.get("x"), isFailure("no-bucket"));
    await assert.rejects(other.probe(), isFailure("no-bucket"));
    await store.probe();
    const quick = await createS3ObjectStore({ ...settings, timeoutMs: 300 });
    await s3.setFault("stall");
    await assert.rejects(quick.get("x"), isFailure("timeout"));
    await s3.setFault("down");
    await assert.rejects(quick.get("x"), isFailure("unreachable"));
    await s3.setFault("none");
  });

  it("transient failures are retried (settings.retries), denials are not", async () => {
    // A new client: the connections of the others were cut by the "down" fault.
    const retrying = await createS3ObjectStore({ ...settings, retries: 2 }, { retryDelayMs: 0 });
    await retrying.put("r/x", { bytes: Buffer.from("retried"), policy: "replace" });
    await s3.setFault("500");
    s3.faultAfter(1, "none");
    const before = s3.requests.length;
    assert.equal(await text(retrying, "r/x"), "retried");
    assert.equal(s3.requests.length - before, 2);
    await s3.setFault("403");
    const denied = s3.requests.length;
    await assert.rejects(retrying.get("r/x"), isFailure("denied"));
    assert.equal(s3.requests.length - denied, 1);
    await s3.setFault("none");
  });
});
