import { type Prepared, postAll } from "./loopback";

// The load generator's own process (bench/support/load-generator.ts forks it): the
// benchmark process prepares and signs the requests, this one only posts them, so neither
// the server nor the measuring process spends its CPU generating load.

type Job = { id: number; base: string; requests: Prepared[]; connections: number };

process.on("message", (job: Job) => {
  postAll(job.base, job.requests, job.connections).then(
    (result) => process.send!({ id: job.id, result }),
    (error: unknown) => process.send!({ id: job.id, error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
