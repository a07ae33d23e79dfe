import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyRemoteError, isNotFound, RemoteFailure, scrubSecrets } from "../../src/cache/remote-failure.js";

const sdkError = (name: string, status?: number, message = name) =>
  Object.assign(new Error(message), { name, ...(status !== undefined ? { $metadata: { httpStatusCode: status } } : {}) });

test("S3 errors fall into a few kinds a user can act on", () => {
  const cases: [unknown, string][] = [
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }), "unreachable"],
    [Object.assign(new Error("socket timed out"), { name: "TimeoutError" }), "timeout"],
    [sdkError("AccessDenied", 403), "denied"],
    [sdkError("InvalidAccessKeyId", 403), "denied"],
    [sdkError("NoSuchBucket", 404), "no-bucket"],
    [sdkError("InternalError", 500), "server"],
    [sdkError("SlowDown", 503), "server"],
    [sdkError("CredentialsProviderError", undefined, "Could not load credentials from any providers"), "credentials"],
    [sdkError("Weird", 418), "other"],
    ["a string", "other"],
  ];
  for (const [err, kind] of cases) assert.equal(classifyRemoteError(err).kind, kind, String(err));
  assert.equal(classifyRemoteError(sdkError("AccessDenied", 403)).message, "access denied (AccessDenied, HTTP 403)");
  const passed = new RemoteFailure("integrity", "x");
  assert.equal(classifyRemoteError(passed), passed);
});

test("text taken from the SDK never carries the credentials in the environment", () => {
  const env = { AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG", AWS_ACCESS_KEY_ID: "AKIAEXAMPLE" };
  const failure = classifyRemoteError(sdkError("Odd", 400, "key AKIAEXAMPLE secret wJalrXUtnFEMI/K7MDENG rejected"), env);
  assert.ok(!failure.message.includes("wJalrXUtnFEMI") && !failure.message.includes("AKIAEXAMPLE"), failure.message);
  assert.equal(scrubSecrets("a wJalrXUtnFEMI/K7MDENG b", env), "a *** b");
});

test("a missing object is not a missing bucket", () => {
  assert.equal(isNotFound(sdkError("NoSuchKey", 404)), true);
  assert.equal(isNotFound(sdkError("NotFound", 404)), true);
  assert.equal(isNotFound(sdkError("NoSuchBucket", 404)), false);
  assert.equal(isNotFound(sdkError("AccessDenied", 403)), false);
});
