// A throwaway self-signed certificate for 127.0.0.1 (made with openssl), for https index tests.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

export interface TestCertificate {
  key: string;
  cert: string;
  /** Path of the certificate (PEM), to pass as a CA bundle. */
  certPath: string;
}

/** Creates a key and a self-signed certificate for IP 127.0.0.1 in `dir`. Needs the openssl binary. */
export async function makeCertificate(dir: string): Promise<TestCertificate> {
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  await execa("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-keyout", keyPath, "-out", certPath,
    "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8"), certPath };
}
