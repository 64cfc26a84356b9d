import net from "node:net";

// A minimal HTTP/1.1 client for load generation, as wrk is: one keep-alive socket per
// connection, each request's bytes written whole, the next written once the previous
// answer has fully arrived. Undici's fetch spends about half a millisecond of CPU per
// request on this machine; on two cores shared with the server, that is CPU the server
// under test does not get. Only what a benchmark needs: Content-Length and chunked bodies,
// no redirects, no compression (requests ask for none).

export type RawRequest = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body: string };

export type RawResponse = { status: number; body: Buffer };

/** The request's bytes on the wire. */
export function encodeRequest(host: string, { method, path, headers, body }: RawRequest): Buffer {
  const payload = Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`, "connection: keep-alive", "accept-encoding: identity"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (method === "POST") lines.push(`content-length: ${payload.byteLength}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), payload]);
}

/**
 * Parses one response from the front of `data`: the response and the bytes after it, or
 * null while it is incomplete. Throws on what is not HTTP/1.1.
 */
export function parseResponse(data: Buffer): { response: RawResponse; rest: Buffer } | null {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const head = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "");
  if (!statusLine) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(head[0])}`);
  const status = Number(statusLine[1]);
  const headers = new Map(
    head.slice(1).map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  const bodyStart = headEnd + 4;
  const length = headers.get("content-length");
  if (length !== undefined) {
    const end = bodyStart + Number(length);
    if (data.byteLength < end) return null;
    return { response: { status, body: data.subarray(bodyStart, end) }, rest: data.subarray(end) };
  }
  if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
    const chunks: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = data.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
      if (Number.isNaN(size)) throw new Error("malformed chunk size");
      const start = lineEnd + 2;
      if (size === 0) {
        // No trailers are sent to a client that did not ask for them: the last chunk ends with CRLF.
        if (data.byteLength < start + 2) return null;
        return { response: { status, body: Buffer.concat(chunks) }, rest: data.subarray(start + 2) };
      }
      if (data.byteLength < start + size + 2) return null;
      chunks.push(data.subarray(start, start + size));
      at = start + size + 2;
    }
  }
  if (status === 204 || status === 304) return { response: { status, body: Buffer.alloc(0) }, rest: data.subarray(bodyStart) };
  throw new Error(`response ${status} has neither Content-Length nor chunked encoding`);
}

/** One keep-alive connection to `base`; `send` resolves with the answer (one request at a time). */
export async function openConnection(base: string) {
  const url = new URL(base);
  const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: { resolve: (response: RawResponse) => void; reject: (error: Error) => void } | null = null;
  const fail = (error: Error) => {
    const job = waiting;
    waiting = null;
    job?.reject(error);
  };
  socket.on("data", (piece: Buffer) => {
    buffered = buffered.byteLength === 0 ? piece : Buffer.concat([buffered, piece]);
    try {
      const parsed = parseResponse(buffered);
      if (!parsed) return;
      buffered = Buffer.from(parsed.rest);
      const job = waiting;
      waiting = null;
      job?.resolve(parsed.response);
    } catch (error) {
      fail(error as Error);
      socket.destroy();
    }
  });
  socket.on("error", fail);
  socket.on("close", () => fail(new Error("connection closed before the response")));
  return {
    send: (bytes: Buffer) =>
      new Promise<RawResponse>((resolve, reject) => {
        if (waiting) return reject(new Error("a request is already in flight on this connection"));
        if (socket.destroyed) return reject(new Error("connection closed"));
        waiting = { resolve, reject };
        socket.write(bytes);
      }),
    close: () => socket.end(),
  };
}
