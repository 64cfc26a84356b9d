import type { z } from "zod";
import { HeraldError } from "@/lib/errors";
import { MAX_API_BODY_BYTES } from "./schemas";

// Reads and validates a JSON request body: too large → 413, not JSON → 400, not the
// expected shape → 422 naming each field and what is wrong with it. Nothing is written
// before this has passed.
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_API_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > MAX_API_BODY_BYTES) throw tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HeraldError(
      400,
      "invalid_json",
      "The request body is not valid JSON — send Content-Type: application/json with a JSON object",
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
    throw new HeraldError(422, "invalid_request", `The request body is not valid — ${issues.join("; ")}`);
  }
  return parsed.data;
}

function tooLarge() {
  return new HeraldError(
    413,
    "payload_too_large",
    `The request body is larger than ${MAX_API_BODY_BYTES / 1024 / 1024} MB — send fewer or smaller documents`,
  );
}
