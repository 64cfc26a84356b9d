import { inngestFunctions } from "@/inngest/registry";

/** The Inngest function served for a job of inngest/registry.ts, to run through @inngest/test. */
export function inngestFunction(id: string) {
  const fn = inngestFunctions.find((candidate) => candidate.id() === id);
  if (!fn) throw new Error(`inngest/registry.ts serves no function "${id}"`);
  return fn;
}
