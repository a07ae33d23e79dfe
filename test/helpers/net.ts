// Network helpers for tests: loopback only.
import { createServer } from "node:net";

/** A URL on 127.0.0.1 where nothing listens: every connection is refused (the port was just released). */
export async function refusingUrl(pathname = "/simple/"): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${pathname}`;
}
