import type { z } from "zod";
import { HeraldError } from "@/lib/errors";
import { MAX_API_BODY_BYTES } from "./schemas";

// Reads and validates a JSON request body: declared as something else than JSON → 415,
// too large → 413, not JSON → 400, not the expected shape → 422 naming each field and what
// is wrong with it. Nothing is written before this has passed.
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  checkContentType(request.headers.get("content-type"));
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
    const issues = describeIssues(parsed.error.issues).slice(0, 10);
    throw new HeraldError(422, "invalid_request", `The request body is not valid — ${issues.join("; ")}`);
  }
  return parsed.data;
}

/** "field.path: problem" per issue; for a union (customer by reference or inline), the problems of the branch the body came closest to. */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => distance(a) - distance(b))[0]!;
      return describeIssues(closest, path);
    }
    return [`${path.map(String).join(".") || "body"}: ${issue.message}`];
  });
}

// A branch whose shape does not fit at all (unknown keys, another type) is further than one with a bad field.
function distance(issues: readonly z.core.$ZodIssue[]): number {
  return issues.reduce(
    (sum, issue) => sum + (issue.path.length === 0 && (issue.code === "unrecognized_keys" || issue.code === "invalid_type") ? 100 : 1),
    0,
  );
}

function tooLarge() {
  return new HeraldError(
    413,
    "payload_too_large",
    `The request body is larger than ${MAX_API_BODY_BYTES / 1024 / 1024} MB — send fewer or smaller documents`,
  );
}

// application/json, or a JSON-based type (application/problem+json…), in UTF-8 (RFC 8259).
// No Content-Type at all is read as JSON: only a request that says it is something else is
// refused, since its sender meant to send something else (a form, text) and should know.
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

function checkContentType(header: string | null): void {
  if (header === null) return;
  const [mediaType = "", ...parameters] = header.split(";").map((part) => part.trim());
  const charset = parameters
    .find((parameter) => /^charset=/i.test(parameter))
    ?.slice("charset=".length)
    .replace(/"/g, "");
  if (JSON_MEDIA_TYPE.test(mediaType) && (!charset || /^utf-?8$/i.test(charset))) return;
  throw new HeraldError(
    415,
    "unsupported_media_type",
    `The request body was sent as "${header.slice(0, 100)}" — send JSON in UTF-8 with Content-Type: application/json`,
  );
}
