import type { Db } from "@/db/client";
import { listCommunicationsForSending } from "@/db/queries/sending-reads";
import { listActiveSuppressions } from "@/db/queries/suppressions";
import { type PlanSuppression, suppressionAddress } from "@/lib/routing/suppressions";
import type { Channel } from "@/lib/status";

// The rows a plan reads, with the active suppressions of the customer's addresses: every
// path that plans (first send, resend, bulk send, fallback, dry run) loads them here, so
// none can plan a channel whose recipient unsubscribed.

type CustomerRows = { customer: { country: string }; contactPoints: readonly { channel: Channel; address: string }[] };

/** Adds to each row the suppressions of its contact points, in one query for all. */
export async function attachSuppressions<T extends CustomerRows>(
  db: Db,
  rows: readonly T[],
): Promise<(T & { suppressions: PlanSuppression[] })[]> {
  const keysOf = (row: T) =>
    row.contactPoints.flatMap((point) => suppressionAddress(point.channel, point.address, row.customer.country) ?? []);
  const active = await listActiveSuppressions(db, { addresses: rows.flatMap(keysOf) });
  return rows.map((row) => {
    const keys = new Set(keysOf(row));
    return { ...row, suppressions: active.filter((suppression) => keys.has(suppression.address)) };
  });
}

/** getCommunicationForSending, with the suppressions the plan must respect. */
export async function getSendingRows(db: Db, params: { communicationId: string }) {
  const [rows] = await listSendingRows(db, { ids: [params.communicationId] });
  return rows ?? null;
}

/** listCommunicationsForSending, with the suppressions the plans must respect: eight queries for the batch. */
export async function listSendingRows(db: Db, params: { ids: readonly string[] }) {
  return attachSuppressions(db, await listCommunicationsForSending(db, params));
}

export type SendingRows = Awaited<ReturnType<typeof listSendingRows>>[number];
