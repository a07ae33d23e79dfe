import assert from "node:assert/strict";
import { test } from "node:test";
import { remoteLocation, resolveS3Settings } from "../../src/cache/s3-settings.js";
import { isPyvendorError } from "../../src/errors.js";

test("no bucket, or --no-remote-cache, means no remote level", () => {
  assert.equal(resolveS3Settings({}, {}), undefined);
  assert.equal(resolveS3Settings({ disabled: true }, { PYVENDOR_S3_BUCKET: "ci-cache" }), undefined);
});

test("PYVENDOR_S3_* fill what the flags leave, with short timeouts and few retries by default", () => {
  const s = resolveS3Settings(
    { prefix: "flag-prefix/" },
    { PYVENDOR_S3_BUCKET: "ci-cache", PYVENDOR_S3_PREFIX: "env-prefix", PYVENDOR_S3_READ_ONLY: "yes", AWS_REGION: "eu-west-1" },
  );
  assert.deepEqual(s, {
    bucket: "ci-cache",
    prefix: "flag-prefix",
    region: "eu-west-1",
    readOnly: true,
    pathStyle: false,
    require: false,
    timeoutMs: 5000,
    retries: 1,
  });
});

test("an endpoint turns on path-style addressing unless told otherwise; timeouts are seconds", () => {
  const env = { PYVENDOR_S3_BUCKET: "s3://ci-cache/teams/web", PYVENDOR_S3_ENDPOINT_URL: "http://127.0.0.1:9000/", PYVENDOR_S3_TIMEOUT: "0.5", PYVENDOR_S3_RETRIES: "0" };
  const s = resolveS3Settings({}, env);
  assert.equal(s?.bucket, "ci-cache");
  assert.equal(s?.prefix, "teams/web");
  assert.equal(s?.endpoint, "http://127.0.0.1:9000");
  assert.equal(s?.pathStyle, true);
  assert.equal(s?.timeoutMs, 500);
  assert.equal(s?.retries, 0);
  assert.equal(s?.region, "us-east-1");
  assert.equal(resolveS3Settings({ pathStyle: false }, env)?.pathStyle, false);
  assert.equal(resolveS3Settings({}, { ...env, PYVENDOR_S3_PATH_STYLE: "off" })?.pathStyle, false);
  assert.equal(remoteLocation(s!), "s3://ci-cache/teams/web");
  assert.equal(remoteLocation({ bucket: "b", prefix: "" }), "s3://b");
});

test("invalid values are E_CONFIG; an endpoint with credentials in it is refused", () => {
  const bad = [
    { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_READ_ONLY: "maybe" },
    { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_TIMEOUT: "-1" },
    { PYVENDOR_S3_BUCKET: "no/slash" },
    { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_PREFIX: "a/../b" },
    { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_ENDPOINT_URL: "ftp://host" },
    { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_ENDPOINT_URL: "not a url" },
  ];
  for (const env of bad) assert.throws(() => resolveS3Settings({}, env), (e: unknown) => isPyvendorError(e, "E_CONFIG"), JSON.stringify(env));
  assert.throws(
    () => resolveS3Settings({}, { PYVENDOR_S3_BUCKET: "b", PYVENDOR_S3_ENDPOINT_URL: "https://AKID:hunter2@minio.example.com" }),
    (e: unknown) => isPyvendorError(e, "E_CONFIG") && !e.message.includes("hunter2"),
  );
});
