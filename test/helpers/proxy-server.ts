// A small forward proxy on 127.0.0.1 for tests: absolute-URI GETs for http, CONNECT tunnels for https.
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export interface ProxyServer {
  /** e.g. http://127.0.0.1:40125 */
  url: string;
  /** Every request: "GET http://host/path" or "CONNECT host:port". */
  requests: string[];
  stop(): Promise<void>;
}

/** Starts the proxy; with `auth`, requests without matching Proxy-Authorization get 407. */
export async function startProxyServer(options: { auth?: { username: string; password: string } } = {}): Promise<ProxyServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const allowed = (req: http.IncomingMessage) =>
    !options.auth ||
    req.headers["proxy-authorization"] === `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64")}`;

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!allowed(req)) {
      res.writeHead(407, { "proxy-authenticate": "Basic" });
      res.end();
      return;
    }
    const target = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    requests.push(`CONNECT ${req.url}`);
    sockets.add(client);
    if (!allowed(req)) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
      return;
    }
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
