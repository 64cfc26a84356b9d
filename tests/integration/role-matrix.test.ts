import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { listStaff } from "@/db/queries/staff";
import { suppressions } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import type { StaffRole } from "@/lib/auth/roles";
import { insertBulkJob } from "@/db/queries/bulk-jobs";
import { insertCommunication } from "@/db/queries/communication-intake";
import { getLatestAttemptId } from "@/db/queries/sending-reads";
import { recordSuppressions } from "@/db/queries/suppressions";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { startCommunication } from "@/lib/sending/start-communication";
import { createCommunication } from "../support/attempt-factory";
import { testSecrets } from "../support/provider-requests";
import { createTestCustomer, INVOICE_DATA, type TestCustomer, testSendingDeps } from "../support/sending-harness";
import { signedInStaff } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Every server action and staff route handler, called the way Next calls them, as each
// role and as an anonymous visitor: allowed, or refused (redirect to sign-in / 403).
// Server actions read the request headers through next/headers; here they are the
// headers of the caller under test.
let requestHeaders = new Headers();
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { findCustomers, setIgnored } = await import("@/app/(staff)/communications/actions");
const sendActions = await import("@/app/(staff)/communications/send-actions");
const staffActions = await import("@/app/(staff)/admin/staff/actions");
const keyActions = await import("@/app/(staff)/admin/api-keys/actions");
const providerActions = await import("@/app/(staff)/admin/providers/actions");
const suppressionActions = await import("@/app/(staff)/suppressions/actions");
const languageActions = await import("@/app/(staff)/language-actions");
const trackingHealth = await import("@/app/api/tracking-health/route");
const changes = await import("@/app/api/communications/changes/route");

type Caller = "anonymous" | StaffRole;
type Outcome = "allowed" | "sign-in" | "403";
const CALLERS: Caller[] = ["anonymous", "viewer", "operator", "admin"];

let database: TestDatabase;
const cookies = new Map<Caller, string>();

beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
  stubEmbeddedEnv({ __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: "true" });
  for (const role of ["viewer", "operator", "admin"] as const) cookies.set(role, (await signedInStaff(database.db, role)).cookie);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
});
afterAll(() => database.close());

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};

// Each action, the least role that may run it, and a call with valid input.
const ACTIONS: { name: string; minimum: StaffRole; run: () => Promise<unknown> }[] = [
  { name: "findCustomers", minimum: "viewer", run: () => findCustomers({ query: "Acme" }) },
  {
    name: "setIgnored",
    minimum: "operator",
    run: async () =>
      setIgnored(null, form({ id: (await createCommunication(database.db)).communicationId, ignored: "true", reason: "Paid by transfer" })),
  },
  {
    name: "createStaff",
    minimum: "admin",
    run: () =>
      staffActions.createStaff(
        null,
        form({
          email: `new-${crypto.randomUUID().slice(0, 6)}@herald.test`,
          name: "New Person",
          role: "viewer",
          password: "a-long-first-password",
        }),
      ),
  },
  {
    name: "changeStaffRole",
    minimum: "admin",
    run: async () => staffActions.changeStaffRole(null, form({ id: (await anyStaff("viewer")).id, role: "viewer" })),
  },
  {
    name: "removeStaff",
    minimum: "admin",
    run: async () => {
      await staffActions.createStaff(
        null,
        form({
          email: `gone-${crypto.randomUUID().slice(0, 6)}@herald.test`,
          name: "Leaving",
          role: "viewer",
          password: "a-long-first-password",
        }),
      );
      return staffActions.removeStaff(null, form({ id: (await listStaff(database.db)).find((s) => s.name === "Leaving")!.id }));
    },
  },
  {
    name: "previewBulkSend",
    minimum: "operator",
    run: async () => sendActions.previewBulkSend({ ids: [await startedCommunication({ email: "a@acme.example" })] }),
  },
  {
    name: "confirmBulkSend",
    minimum: "operator",
    run: async () => sendActions.confirmBulkSend({ ids: [await startedCommunication({ email: "a@acme.example" })] }),
  },
  {
    name: "getBulkSendProgress",
    minimum: "viewer",
    run: async () => {
      const job = await insertBulkJob(database.db, {
        communicationIds: [await startedCommunication({ email: "a@acme.example" })],
        createdBy: "test",
      });
      return sendActions.getBulkSendProgress(job.id);
    },
  },
  {
    name: "previewResend",
    minimum: "operator",
    run: async () => sendActions.previewResend(await latestAttempt(await startedCommunication({ email: "a@acme.example" }))),
  },
  {
    name: "resendFromLog",
    minimum: "operator",
    run: async () => sendActions.resendFromLog(await latestAttempt(await startedCommunication({ email: "a@acme.example" }))),
  },
  {
    name: "markManualDone",
    minimum: "operator",
    // No contact details at all: the first attempt is manual_required.
    run: async () =>
      sendActions.markManualDone(
        null,
        form({ attemptId: await latestAttempt(await startedCommunication({})), note: "Handed over at the counter" }),
      ),
  },
  { name: "createKey", minimum: "admin", run: () => keyActions.createKey(null, form({ name: "Matrix key", scopes: ["send", "read"] })) },
  {
    name: "revokeKey",
    minimum: "admin",
    run: async () => {
      const { key } = await createApiKey(database.db, { name: "To revoke", scopes: ["read"], createdBy: "test" });
      return keyActions.revokeKey(null, form({ id: key.id }));
    },
  },
  // The embedded default has both sandbox e-mail providers: e-mail can fail over.
  {
    name: "setProviderRoute",
    minimum: "admin",
    run: () => providerActions.setProviderRoute(null, form({ channel: "email", choice: "auto" })),
  },
  // Every staff member chooses their own language; the call leaves it as the browser's.
  { name: "setLanguage", minimum: "viewer", run: () => languageActions.setLanguage(null) },
  {
    name: "liftSuppressionAction",
    minimum: "admin",
    run: async () => {
      const address = `lift-${crypto.randomUUID().slice(0, 8)}@acme.example`;
      await recordSuppressions(database.db, [
        { channel: "email", address, kind: "unsubscribed", provider: "sendgrid", eventType: "unsubscribe", detail: "test" },
      ]);
      const [row] = await database.db.select().from(suppressions).where(eq(suppressions.address, address));
      return suppressionActions.liftSuppressionAction(null, form({ id: row!.id, reason: "The customer asked to receive invoices again" }));
    },
  },
];

const ROUTES: { name: string; minimum: StaffRole; call: (headers: Headers) => Promise<Response> }[] = [
  {
    name: "GET /api/tracking-health",
    minimum: "viewer",
    call: (headers) => trackingHealth.GET(new Request("http://localhost/api/tracking-health", { headers })),
  },
  {
    name: "GET /api/communications/changes",
    minimum: "viewer",
    call: (headers) => changes.GET(new Request("http://localhost/api/communications/changes", { headers })),
  },
];

const rank: Record<Caller, number> = { anonymous: -1, viewer: 0, operator: 1, admin: 2 };
const expected = (caller: Caller, minimum: StaffRole): Outcome =>
  caller === "anonymous" ? "sign-in" : rank[caller] >= rank[minimum] ? "allowed" : "403";

function headersOf(caller: Caller): Headers {
  const cookie = cookies.get(caller);
  return new Headers(cookie ? { cookie } : {});
}

async function anyStaff(role: StaffRole) {
  return (await listStaff(database.db)).find((s) => s.role === role)!;
}

it("covers every server action under app/ (a new action must be added here)", () => {
  expect(serverActionNames(path.join(process.cwd(), "app")).sort()).toEqual(ACTIONS.map((a) => a.name).sort());
});

describe.each(CALLERS)("as %s", (caller) => {
  it.each(ACTIONS.map((action) => [action.name, action] as const))("server action %s", async (_name, action) => {
    requestHeaders = headersOf(caller);
    const outcome = await action.run().then(
      (result) => {
        // A form action that ran reports ok; a validation refusal would hide a wrong test.
        if (result && typeof result === "object" && "ok" in result) expect(result).toMatchObject({ ok: true });
        return "allowed" as const;
      },
      (error: { digest?: string }) => {
        if (error.digest?.startsWith("NEXT_REDIRECT;") && error.digest.includes("/sign-in")) return "sign-in" as const;
        if (error.digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "403" as const;
        throw error;
      },
    );
    expect(outcome).toBe(expected(caller, action.minimum));
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))("route %s", async (_name, route) => {
    const response = await route.call(headersOf(caller));
    const want = expected(caller, route.minimum);
    expect(response.status).toBe(want === "allowed" ? 200 : want === "sign-in" ? 401 : 403);
    if (want !== "allowed") {
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(want === "sign-in" ? "unauthenticated" : "forbidden");
      expect(body.error.message.length).toBeGreaterThan(20);
    }
  });
});

/** A communication with its first attempt (queued, or manual_required without contacts). */
async function startedCommunication(customer: TestCustomer): Promise<string> {
  const customerId = await createTestCustomer(database.db, customer);
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: "INV-MATRIX",
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  await startCommunication(testSendingDeps(database.db, await testSecrets()), communication.id);
  return communication.id;
}

async function latestAttempt(communicationId: string): Promise<string> {
  return (await getLatestAttemptId(database.db, { communicationId }))!;
}

// The exported functions of every "use server" file, found by walking app/.
function serverActionNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return serverActionNames(full);
    if (!/\.tsx?$/.test(item.name)) return [];
    const source = readFileSync(full, "utf8");
    if (!/^\s*["']use server["']/.test(source)) return [];
    return [...source.matchAll(/export\s+(?:async\s+)?(?:function\s+|const\s+)(\w+)/g)].map((match) => match[1]!);
  });
}
