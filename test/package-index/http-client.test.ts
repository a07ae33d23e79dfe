import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { isPyvendorError } from "../../src/errors.js";
import { downloadFiles, findReleases } from "../../src/package-index/fetch.js";
import type { IndexSettings } from "../../src/package-index/settings.js";
import { tempDir } from "../helpers/env.js";
import type { IndexServer } from "../helpers/index-server.js";
import { startProxyServer } from "../helpers/proxy-server.js";
import { assertNoSecret, findSecretInTree } from "../helpers/secrets.js";
import { recorder, startTinyIndex, testCache, testSettings } from "../helpers/tiny-index.js";
import { makeCertificate, type TestCertificate } from "../helpers/tls-cert.js";

let work: { dir: string; cleanup: () => Promise<void> };
let plain: IndexServer;
let secure: IndexServer;
let cert: TestCertificate;

before(async () => {
  work = await tempDir();
  cert = await makeCertificate(work.dir);
  const specs = [{ name: "alpha", version: "1.0" }];
  ({ server: plain } = await startTinyIndex(path.join(work.dir, "plain"), specs));
  ({ server: secure } = await startTinyIndex(path.join(work.dir, "secure"), specs, { tls: { key: cert.key, cert: cert.cert } }));
});
after(async () => {
  await plain.stop();
  await secure.stop();
  await work.cleanup();
});

async function fetchAlpha(settings: IndexSettings) {
  const cache = await testCache(await mkdtemp(path.join(work.dir, "t-")));
  const { events, sink } = recorder();
  const releases = await findReleases([{ project: "alpha", version: "1.0" }], { cache, settings, events: sink });
  const results = await downloadFiles([...releases.values()].flat().map((file) => ({ file, expectedHashes: [] })), { cache, settings, events: sink });
  return { cache, events, results };
}

test("plain http goes through HTTP_PROXY as absolute-URI requests", async () => {
  const proxy = await startProxyServer();
  try {
    const { results } = await fetchAlpha(testSettings({ indexUrl: plain.url }, { HTTP_PROXY: proxy.url }));
    assert.equal(results.length, 1);
    assert.ok(proxy.requests.includes(`GET ${plain.origin}/simple/alpha/`), proxy.requests.join("\n"));
    assert.ok(proxy.requests.includes(`GET ${plain.origin}/files/alpha-1.0-py3-none-any.whl`));
  } finally {
    await proxy.stop();
  }
});

test("https goes through HTTPS_PROXY with CONNECT, verified with the custom CA (--cert)", async () => {
  const proxy = await startProxyServer();
  try {
    const port = new URL(secure.origin).port;
    const { results } = await fetchAlpha(testSettings({ indexUrl: secure.url, cert: cert.certPath }, { https_proxy: proxy.url }));
    assert.equal(results[0]?.file.url, `${secure.origin}/files/alpha-1.0-py3-none-any.whl`);
    assert.ok(proxy.requests.length >= 1 && proxy.requests.every((r) => r === `CONNECT 127.0.0.1:${port}`), proxy.requests.join("\n"));
    await assert.rejects(fetchAlpha(testSettings({ indexUrl: secure.url }, { https_proxy: proxy.url })), (e: unknown) =>
      isPyvendorError(e, "E_TLS"),
    );
  } finally {
    await proxy.stop();
  }
});

test("NO_PROXY bypasses the proxy", async () => {
  const proxy = await startProxyServer();
  try {
    await fetchAlpha(testSettings({ indexUrl: plain.url }, { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" }));
    assert.deepEqual(proxy.requests, []);
  } finally {
    await proxy.stop();
  }
});

test("proxy credentials are sent and never shown; without them the proxy's 407 is E_AUTH_REQUIRED", async () => {
  const secret = "proxy-pa55-Q7";
  const proxy = await startProxyServer({ auth: { username: "pu", password: secret } });
  try {
    const withAuth = proxy.url.replace("http://", `http://pu:${secret}@`);
    const r = await fetchAlpha(testSettings({ indexUrl: secure.url, cert: cert.certPath }, { HTTPS_PROXY: withAuth }));
    assertNoSecret(secret, { events: r.events, results: r.results });
    assert.deepEqual(await findSecretInTree(r.cache.dir, secret), []);
    for (const env of [{ HTTPS_PROXY: proxy.url }, { HTTP_PROXY: proxy.url }]) {
      const settings = testSettings({ indexUrl: "HTTPS_PROXY" in env ? secure.url : plain.url, cert: cert.certPath }, env);
      await assert.rejects(fetchAlpha(settings), (e: unknown) => isPyvendorError(e, "E_AUTH_REQUIRED") && /proxy/i.test(e.message));
    }
  } finally {
    await proxy.stop();
  }
});

test("an unknown certificate authority is E_TLS; NODE_EXTRA_CA_CERTS or --trusted-host fix it", async () => {
  await assert.rejects(fetchAlpha(testSettings({ indexUrl: secure.url })), (e: unknown) => isPyvendorError(e, "E_TLS") && e.message.includes("127.0.0.1"));
  assert.equal((await fetchAlpha(testSettings({ indexUrl: secure.url }, { NODE_EXTRA_CA_CERTS: cert.certPath }))).results.length, 1);
  assert.equal((await fetchAlpha(testSettings({ indexUrl: secure.url, trustedHosts: ["127.0.0.1"] }))).results.length, 1);
  assert.equal((await fetchAlpha(testSettings({ indexUrl: secure.url }, { PIP_CERT: cert.certPath }))).results.length, 1);
});
