import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { countCommunicationsByStatus, listCommunications } from "@/db/queries/communications";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { countByQuickFilter, QUICK_FILTER_KEYS, QUICK_FILTERS } from "@/lib/status";
import { CommunicationsTable } from "./communications-table";

export const metadata: Metadata = { title: "Communications" };

const PAGE_SIZE = 50;
const searchParamsSchema = z.object({ cursor: z.string().max(200).optional() });

export default async function CommunicationsPage({ searchParams }: PageProps<"/communications">) {
  const params = searchParamsSchema.safeParse(await searchParams);
  const cursor = decodeCursor(params.success ? params.data.cursor : undefined);
  const db = await getDb();
  const [page, statusCounts] = await Promise.all([
    listCommunications(db, {
      limit: PAGE_SIZE,
      cursor: cursor ? { lastActivityAt: cursor.at, id: cursor.id } : undefined,
    }),
    countCommunicationsByStatus(db),
  ]);
  const counts = countByQuickFilter(statusCounts);

  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Communications</h1>
          <p className="text-sm text-slate-500">Every message sent to a customer, with its latest status.</p>
        </div>
        <dl className="flex gap-4 text-sm" aria-label="Communications by status">
          {QUICK_FILTER_KEYS.map((key) => (
            <div key={key} className="rounded-md border border-slate-200 bg-white px-3 py-1.5">
              <dt className="text-slate-500">{QUICK_FILTERS[key].label}</dt>
              <dd className="font-semibold tabular-nums">{counts[key].toLocaleString("en")}</dd>
            </div>
          ))}
        </dl>
      </header>

      <CommunicationsTable rows={page.rows} />

      <nav aria-label="Pagination" className="flex justify-end gap-3 text-sm">
        {cursor ? (
          <Link href="/communications" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`/communications?cursor=${encodeCursor({ at: page.nextCursor.lastActivityAt, id: page.nextCursor.id })}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
          >
            Older
          </Link>
        ) : null}
      </nav>
    </main>
  );
}
