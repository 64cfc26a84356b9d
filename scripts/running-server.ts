import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// `npm start` records the server it runs beside the embedded data folder, so a CLI command
// knows the data dir is taken and which local port can do the work instead.

const fileFor = (dataDir: string) => path.join(path.dirname(path.resolve(dataDir)), "server.json");

export function recordRunningServer(dataDir: string, server: { pid: number; port: number }): () => void {
  const file = fileFor(dataDir);
  writeFileSync(file, JSON.stringify(server));
  return () => rmSync(file, { force: true });
}

/** The server serving this data dir, if one is alive. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  const file = fileFor(dataDir);
  if (!existsSync(file)) return null;
  try {
    const server = JSON.parse(readFileSync(file, "utf8")) as { pid: number; port: number };
    process.kill(server.pid, 0);
    return server;
  } catch {
    return null;
  }
}
