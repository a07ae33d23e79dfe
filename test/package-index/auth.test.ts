import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { downloadFiles, findReleases } from "../../src/package-index/fetch.js";
import { tempDir } from "../helpers/env.js";
import type { IndexServer } from "../helpers/index-server.js";
import { assertNoSecret, findSecretInTree } from "../helpers/secrets.js";
import { recorder, startTinyIndex, testCache, testSettings } from "../helpers/tiny-index.js";

const USER = "alice";
const PASSWORD = "s3cr3t-PASSWORD-x9";
let work: { dir: string; cleanup: () => Promise<void> };
let server: IndexServer;

before(async () => {
  work = await tempDir();
  ({ server } = await startTinyIndex(path.join(work.dir, "dists"), [{ name: "alpha", version: "1.0" }, { name: "beta", version: "2.0" }], {
    auth: { username: USER, password: PASSWORD },
    metadata: "core",
    faults: (r) =>
      r.path.endsWith("beta-2.0-py3-none-any.whl") || r.path === "/simple/gamma/" ? { kind: "status", status: 500 } : undefined,
  }));
});
after(async () => {
  await server.stop();
  await work.cleanup();
});

const withCredentials = (url: string, user = USER, password = PASSWORD) => url.replace("http://", `http://${user}:${encodeURIComponent(password)}@`);

async function run(settings: ReturnType<typeof testSettings>) {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const cache = await testCache(dir);
  const { events, sink } = recorder();
  const releases = await findReleases([{ project: "alpha", version: "1.0" }], { cache, settings, events: sink });
  const files = [...releases.values()].flat();
  const results = await downloadFiles(files.map((file) => ({ file, expectedHashes: [] })), { cache, settings, events: sink });
  const errors: unknown[] = [];
  for (const pin of [{ project: "nope", version: "1" }, { project: "beta", version: "2.0" }, { project: "gamma", version: "1" }]) {
    try {
      const r = await findReleases([pin], { cache, settings, events: sink });
      await downloadFiles([...r.values()].flat().map((file) => ({ file, expectedHashes: [] })), { cache, settings, events: sink });
    } catch (err: unknown) {
      errors.push(err);
    }
  }
  return { cache, events, releases, results, errors };
}

async function assertPasswordNowhere(r: Awaited<ReturnType<typeof run>>) {
  assert.equal(r.results.length, 1);
  assert.equal(r.results[0]?.file.url, `${server.origin}/files/alpha-1.0-py3-none-any.whl`);
  assert.ok(r.events.some((e) => e.type === "download-retry"), "the 500s were retried (and reported)");
  assert.equal(r.errors.length, 3);
  assert.ok(isPyvendorError(r.errors[0], "E_PACKAGE_NOT_FOUND"));
  assert.ok(isPyvendorError(r.errors[1], "E_DOWNLOAD_FAILED"));
  assert.ok(isPyvendorError(r.errors[2], "E_INDEX_ERROR"));
  const basic = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), basic]) {
    assertNoSecret(secret, { events: r.events, releases: [...r.releases.entries()], results: r.results, error0: r.errors[0], error1: r.errors[1], error2: r.errors[2] });
    assert.deepEqual(await findSecretInTree(r.cache.dir, secret), []);
  }
}

test("credentials in the index URL are sent, and the password appears nowhere", async () => {
  server.reset();
  const r = await run(testSettings({ indexUrl: withCredentials(server.url) }));
  assert.ok(server.requests.every((q) => q.headers.authorization?.startsWith("Basic ")));
  await assertPasswordNowhere(r);
});

test("credentials from ~/.netrc (NETRC) are sent, and the password appears nowhere", async () => {
  const netrc = path.join(work.dir, "netrc");
  await writeFile(netrc, `machine 127.0.0.1\n  login ${USER}\n  password ${PASSWORD}\n`);
  const r = await run(testSettings({ indexUrl: server.url }, { NETRC: netrc }));
  await assertPasswordNowhere(r);
});

test("no or wrong credentials: E_AUTH_REQUIRED, without the password", async () => {
  const cache = await testCache(await mkdtemp(path.join(work.dir, "t-")));
  for (const settings of [testSettings({ indexUrl: server.url }), testSettings({ indexUrl: withCredentials(server.url, USER, "wrong-pw-77") })]) {
    await assert.rejects(findReleases([{ project: "alpha", version: "1.0" }], { cache, settings }), (e: unknown) => {
      assertNoSecret("wrong-pw-77", { e });
      return isPyvendorError(e, "E_AUTH_REQUIRED") && e.message.includes(server.url);
    });
  }
});

test("credentials are not sent along a redirect to another host", async () => {
  const dir = await mkdtemp(path.join(work.dir, "t-"));
  const other = await startTinyIndex(path.join(dir, "cdn"), [{ name: "alpha", version: "1.0" }]);
  const front = await startTinyIndex(path.join(dir, "front"), [{ name: "alpha", version: "1.0" }], {
    auth: { username: USER, password: PASSWORD },
    intercept: (req, res) => {
      if (!req.url?.startsWith("/files/")) return false;
      res.writeHead(302, { location: `${other.server.origin}${req.url}` });
      res.end();
      return true;
    },
  });
  try {
    const r = await run(testSettings({ indexUrl: withCredentials(front.server.url) })).catch((e: unknown) => e);
    assert.ok(!(r instanceof Error), String(r));
    const fileRequests = other.server.requests.filter((q) => q.url.startsWith("/files/"));
    assert.equal(fileRequests.length, 1);
    assert.equal(fileRequests[0]?.headers.authorization, undefined);
  } finally {
    await front.server.stop();
    await other.server.stop();
  }
});
