// End to end through the real CLI: CI workers share sdists, built wheels and index records through S3 (s3rver).
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, type CliResult } from "../helpers/cli.js";
import { cleanEnv, tempDir } from "../helpers/env.js";
import { startFixtureIndex, type FixtureIndex } from "../helpers/fixture-index.js";
import { fixturesDir } from "../helpers/paths.js";
import { startS3Server, type S3TestServer } from "../helpers/s3-server.js";
import { findSecretInTree } from "../helpers/secrets.js";

interface PackDocument {
  ok: boolean;
  warnings: string[];
  error?: { code: string; message: string };
  result?: {
    bundleId: string;
    stats: { downloaded: number; fromCache: number; built: number; buildsCached: number };
    remoteCache?: { location: string; hits: number; misses: number; uploads: number; errors: number; readOnly: boolean; problem?: string };
  };
}

const demo = path.join(fixturesDir, "requirements", "demo.txt");

describe("a shared build cache on S3 across CI workers", () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let index: FixtureIndex;
  let s3: S3TestServer;
  const outputs: CliResult[] = [];
  let workers = 0;

  /** Runs pack as a fresh worker (an empty local cache of its own) and parses its --json document. */
  async function packAsWorker(args: string[], extraEnv: Record<string, string> = {}): Promise<{ doc: PackDocument; res: CliResult; cacheDir: string }> {
    const cacheDir = path.join(work.dir, `worker-${++workers}`, "cache");
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: cacheDir, ...s3.env(extraEnv) });
    const res = await runCli(["--json", "pack", "--index-url", index.server.url, "-o", path.join(work.dir, `bundle-${workers}`), ...args], { env });
    outputs.push(res);
    return { doc: JSON.parse(res.stdout) as PackDocument, res, cacheDir };
  }

  before(async () => {
    work = await tempDir();
    index = await startFixtureIndex(work.dir, undefined, [], false);
    s3 = await startS3Server();
  });

  after(async () => {
    await index.server.stop();
    await s3.stop();
    await work.cleanup();
  });

  it("S3 stopping mid-run does not fail a pack: one warning, the summary says so", async () => {
    s3.faultAfter(3, "down");
    const { doc, res } = await packAsWorker(["hello-cli==1.0.0"]);
    await s3.setFault("none");
    assert.equal(res.code, 0, res.stderr);
    assert.equal(doc.result?.stats.built, 1, "built locally from the index");
    const remote = doc.result?.remoteCache;
    assert.ok(remote && remote.errors >= 1 && remote.problem, JSON.stringify(remote));
    assert.match(remote.problem ?? "", /cannot connect|ECONNRE/);
    assert.equal(doc.warnings.filter((w) => w.includes("remote cache")).length, 1, doc.warnings.join("\n"));
  });

  it("S3 answering 500 or 403 does not fail a pack, and says so in the human summary", async () => {
    for (const fault of ["500", "403"] as const) {
      await s3.setFault(fault);
      const cacheDir = path.join(work.dir, `worker-${++workers}`, "cache");
      const env = cleanEnv({ PYVENDOR_CACHE_DIR: cacheDir, ...s3.env() });
      const res = await runCli(["pack", "--index-url", index.server.url, "-o", path.join(work.dir, `bundle-${workers}`), "hello-cli==1.0.0"], { env });
      outputs.push(res);
      await s3.setFault("none");
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stderr.match(/warning: remote cache/g)?.length, 1, res.stderr);
      assert.match(res.stderr, fault === "500" ? /server error \(InternalError, HTTP 500\)/ : /access denied \(AccessDenied, HTTP 403\)/);
      assert.match(res.stdout, /remote cache s3:\/\/pyvendor-cache: 0 hits, .*1 error\b/);
      assert.match(res.stdout, /remote cache trouble: .*the local cache was used instead/);
    }
  });

  it("with --require-remote-cache the same trouble fails the pack with E_REMOTE_CACHE", async () => {
    for (const fault of ["500", "403", "down"] as const) {
      if (fault === "down") s3.faultAfter(2, "down");
      else await s3.setFault(fault);
      const { doc, res } = await packAsWorker(["--require-remote-cache", "hello-cli==1.0.0"]);
      await s3.setFault("none");
      assert.equal(res.code, 1, `${fault}: ${res.stdout}`);
      assert.equal(doc.error?.code, "E_REMOTE_CACHE", `${fault}: ${JSON.stringify(doc.error)}`);
      assert.match(doc.error?.message ?? "", /s3:\/\/pyvendor-cache/);
    }
  });

  it("read-only mode reads but uploads nothing (no PUT reaches the server)", async () => {
    const before = s3.requests.length;
    const { doc, res } = await packAsWorker(["--s3-read-only", "--s3-prefix", "read-only-test", "hello-cli==1.0.0"]);
    assert.equal(res.code, 0, res.stderr);
    const seen = s3.requests.slice(before);
    assert.ok(seen.some((r) => r.method === "GET"), "it looked things up");
    assert.deepEqual(seen.filter((r) => r.method === "PUT"), []);
    assert.equal(doc.result?.remoteCache?.uploads, 0);
    assert.equal(doc.result?.remoteCache?.readOnly, true);
    assert.deepEqual((await s3.keys()).filter((k) => k.startsWith("read-only-test/")), []);
  });

  it("worker A fills the bucket; worker B, with an empty cache and the index stopped, packs with zero builds and zero index requests", async () => {
    index.server.reset();
    const a = await packAsWorker(["-r", demo]);
    assert.equal(a.res.code, 0, a.res.stderr);
    assert.equal(a.doc.result?.stats.built, 4);
    assert.ok((a.doc.result?.remoteCache?.uploads ?? 0) > 0);
    assert.equal(a.doc.result?.remoteCache?.errors, 0);
    const uploads = s3.requests.filter((r) => r.method === "PUT");
    assert.ok(uploads.every((r) => typeof r.headers["content-md5"] === "string" && typeof r.headers["x-amz-checksum-sha256"] === "string"), "uploads carry checksums");
    const keys = await s3.keys();
    assert.ok(keys.some((k) => k.startsWith("content-v1/sha256/")), keys.join("\n"));
    assert.ok(keys.some((k) => k.startsWith("index-v1/releases/fastmath/0.1.0/")), keys.join("\n"));
    assert.ok(keys.some((k) => /^wheels-v1\/.+\/fastmath-0\.1\.0-cp\d+-cp\d+-linux_\w+\.whl$/.test(k)), keys.join("\n"));
    assert.ok(index.server.requests.length > 0);

    const indexRequestsBeforeStop = index.server.requests.length;
    await index.server.stop();
    const b = await packAsWorker(["-r", demo]);
    assert.equal(b.res.code, 0, b.res.stderr);
    assert.equal(index.server.requests.length, indexRequestsBeforeStop, "worker B asked the index nothing");
    const stats = b.doc.result?.stats;
    assert.equal(stats?.downloaded, 0);
    assert.equal(stats?.built, 0);
    assert.equal(stats?.buildsCached, 4);
    assert.equal(b.doc.result?.remoteCache?.errors, 0);
    assert.equal(b.doc.result?.remoteCache?.uploads, 0, "B found everything: nothing new to upload");
    assert.ok((b.doc.result?.remoteCache?.hits ?? 0) >= 8, JSON.stringify(b.doc.result?.remoteCache));
    assert.equal(b.doc.result?.bundleId, a.doc.result?.bundleId, "the same bundle, byte for byte");
    assert.deepEqual(b.doc.warnings, []);

    // `cache info` on worker B shows the remote level and the last pack's counts.
    const env = cleanEnv({ PYVENDOR_CACHE_DIR: b.cacheDir, ...s3.env() });
    const info = await runCli(["--json", "cache", "info"], { env });
    outputs.push(info);
    const remote = (JSON.parse(info.stdout) as { result: { remote: Record<string, unknown> & { lastPack?: { hits: number; uploads: number } } } }).result.remote;
    assert.equal(remote.configured, true);
    assert.equal(remote.reachable, true);
    assert.equal(remote.endpoint, s3.endpoint);
    assert.equal(remote.lastPack?.hits, b.doc.result?.remoteCache?.hits);
    assert.equal(remote.lastPack?.uploads, 0);
    const human = await runCli(["cache", "info"], { env });
    outputs.push(human);
    assert.match(human.stdout, /remote cache s3:\/\/pyvendor-cache \(endpoint http:\/\/127\.0\.0\.1:\d+, region us-east-1, read-write, path-style\): reachable/);
    assert.match(human.stdout, /last pack with s3:\/\/pyvendor-cache \(.+\): \d+ hits, \d+ miss(es)?, 0 uploads, 0 errors/);
    await s3.setFault("down");
    const down = await runCli(["cache", "info"], { env });
    outputs.push(down);
    await s3.setFault("none");
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /NOT reachable: cannot connect/);
  });

  it("never shows the AWS secret key: not in any output, not in any cache directory", async () => {
    assert.ok(outputs.length >= 10);
    for (const res of outputs) {
      assert.ok(!res.stdout.includes(s3.secretAccessKey) && !res.stderr.includes(s3.secretAccessKey));
    }
    assert.deepEqual(await findSecretInTree(work.dir, s3.secretAccessKey), []);
    // Verbose runs print every remote lookup and, failing, the error chain: still no secret.
    const verbose = await runCli(["-v", "pack", "--index-url", index.server.url, "-o", path.join(work.dir, "verbose"), "-r", demo], {
      env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "verbose-cache"), ...s3.env() }),
    });
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stderr, /remote cache hit: wheels-v1\//);
    await s3.setFault("403");
    const denied = await runCli(["-v", "pack", "--require-remote-cache", "--index-url", index.server.url, "-o", path.join(work.dir, "denied"), "-r", demo], {
      env: cleanEnv({ PYVENDOR_CACHE_DIR: path.join(work.dir, "denied-cache"), ...s3.env() }),
    });
    await s3.setFault("none");
    assert.match(denied.stderr, /\[E_REMOTE_CACHE\]/);
    for (const res of [verbose, denied]) {
      assert.ok(!res.stdout.includes(s3.secretAccessKey) && !res.stderr.includes(s3.secretAccessKey));
    }
    assert.deepEqual(await findSecretInTree(work.dir, s3.secretAccessKey), []);
  });
});
