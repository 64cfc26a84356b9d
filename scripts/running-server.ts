import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// `npm start` records the server it runs beside the embedded data folder (scripts/start.mjs
// writes { pid, port } to this file and removes it when the server exits), so a CLI command
// knows the data dir is taken and which local port can do the work instead.

/** Where `npm start` records the server serving this data dir. */
export function serverRecordFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), "server.json");
}

/** The server serving this data dir, if one is alive. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  const file = serverRecordFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const server = JSON.parse(readFileSync(file, "utf8")) as { pid: number; port: number };
    process.kill(server.pid, 0);
    return server;
  } catch {
    return null;
  }
}
