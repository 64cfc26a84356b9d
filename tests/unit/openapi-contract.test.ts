import { readdir, readFile } from "node:fs/promises";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { operations } from "@/lib/platform-api/operations";
import { OPENAPI_FILES, renderOpenApiFiles } from "@/scripts/openapi-files";

// The committed contract (docs/openapi.json and the typed client's types) must be what
// the zod schemas render now: change a schema, run `npm run openapi`, commit both.

const V1 = new URL("../../app/api/v1/", import.meta.url);

async function routeMethods(): Promise<string[]> {
  const files = (await readdir(V1, { recursive: true })).filter((file) => file.endsWith("route.ts"));
  const found = await Promise.all(
    files.map(async (file) => {
      const source = await readFile(new URL(file, V1), "utf8");
      const path = `/api/v1/${file.replace(/\/?route\.ts$/, "")}`.replace(/\/$/, "").replace(/\[(\w+)\]/g, "{$1}");
      return [...source.matchAll(/export async function (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
        (match) => `${match[1]!.toLowerCase()} ${path}`,
      );
    }),
  );
  return found.flat().sort();
}

describe("platform API contract", () => {
  it("the committed OpenAPI document and client types are what the schemas generate (run `npm run openapi`)", async () => {
    const rendered = await renderOpenApiFiles();
    expect(await readFile(OPENAPI_FILES.document, "utf8")).toBe(rendered.document);
    expect(await readFile(OPENAPI_FILES.types, "utf8")).toBe(rendered.types);
  });

  it("documents every route handler under app/api/v1 (the document itself aside)", async () => {
    const documented = operations.map((operation) => `${operation.method} ${operation.path}`).sort();
    expect(await routeMethods()).toEqual([...documented, "get /api/v1/openapi.json"].sort());
  });

  it("the document passes Redocly's recommended OpenAPI rules (examples fit their schemas, refs resolve…)", async () => {
    // A private API: no license to name.
    const config = await createConfig({ extends: ["recommended"], rules: { "info-license": "off" } });
    const problems = await lintFromString({ source: (await renderOpenApiFiles()).document, absoluteRef: "openapi.json", config });
    expect(problems.map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`)).toEqual([]);
  });

  it("every example in the document fits its zod schema", () => {
    for (const operation of operations) {
      if (operation.body?.example !== undefined)
        expect(operation.body.schema.safeParse(operation.body.example).error, operation.operationId).toBeUndefined();
      for (const response of Object.values(operation.responses)) {
        if (response.example !== undefined)
          expect(response.schema.safeParse(response.example).error, operation.operationId).toBeUndefined();
      }
    }
  });
});
