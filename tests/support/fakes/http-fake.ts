import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// The base of every provider fake: a local HTTP server that records each request (method,
// path, headers, raw body) and answers through the provider's route handler — unless a
// test queued a scripted answer (a 429 with Retry-After, a 500, a refusal) for the next
// request.

// Real examples published by the providers (tests/fixtures/providers/README.md).
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/providers");

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The status the fake answered (absent: the connection was dropped). */
  status?: number;
};

/** `drop`: the provider took the request, then the connection broke before any answer. */
export type FakeResponse = { status: number; headers?: Record<string, string>; json?: unknown; text?: string; drop?: true };

export type FakeHttpServer = {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next request with `response` instead of the route handler. */
  respondNext: (...responses: FakeResponse[]) => void;
  /** Answers every request with `response` (an outage) until called with null. */
  respondAlways: (response: FakeResponse | null) => void;
  close: () => Promise<void>;
};

export async function startFakeHttpServer(route: (request: RecordedRequest) => FakeResponse): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const scripted: FakeResponse[] = [];
  let always: FakeResponse | null = null;
  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const request: RecordedRequest = {
      method: incoming.method ?? "GET",
      path: incoming.url ?? "/",
      headers: incoming.headers,
      body,
      text: body.toString("utf8"),
    };
    requests.push(request);
    const response = always ?? scripted.shift() ?? route(request);
    if (response.drop) return void incoming.socket.destroy();
    request.status = response.status;
    const payload = response.json !== undefined ? JSON.stringify(response.json) : (response.text ?? "");
    outgoing.writeHead(response.status, {
      ...(response.json !== undefined ? { "content-type": "application/json" } : {}),
      ...response.headers,
    });
    outgoing.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    respondNext: (...responses) => scripted.push(...responses),
    respondAlways: (response) => {
      always = response;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL nobody listens on: a port we bound, then released. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function readFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, relativePath), "utf8")) as T;
}
