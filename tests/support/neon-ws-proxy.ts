import net from "node:net";
import { WebSocketServer } from "ws";

/**
 * The Neon serverless driver speaks Postgres over a WebSocket; Neon's edge terminates it.
 * Locally this ~20-line proxy plays that part: each socket is piped to the TCP address
 * the driver asks for (`/v1?address=host:port`).
 */
export async function startNeonWsProxy(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket, request) => {
    const address = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    const tcp = net.connect({ host, port: Number(port) });
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("error", () => socket.close());
    tcp.on("close", () => socket.close());
    socket.on("message", (data) => tcp.write(data as Buffer));
    socket.on("close", () => tcp.end());
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
