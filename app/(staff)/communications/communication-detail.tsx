import Link from "next/link";
import type { Route } from "next";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { getCommunicationDetail } from "@/db/queries/communications";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/categories";
import { formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES } from "@/lib/status";
import { NotFound } from "./detail-panel";
import { DetailDownload } from "./detail-download";
import { Facts, Section } from "./detail-parts";
import { IgnoreForm } from "./ignore-form";
import { serializeCommunicationsSearchParams } from "./search-params";

// Limited error details (last error in one line) plus the full timeline, the customer's
// contact points and preferences — why Herald chose the channels it chose.
export async function CommunicationDetailView({ id, canOperate }: { id: string; canOperate: boolean }) {
  const detail = await getCommunicationDetail(await getDb(), { id });
  if (!detail) return <NotFound what="communication" />;
  const { communication, customer, contactPoints, preferences, optOuts, attempts, events, audit } = detail;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-semibold">
          {SUBJECT_TYPE_LABELS[communication.subjectType]} {communication.subjectRef}
        </h2>
        <p className="text-sm text-slate-600">
          {CATEGORY_LABELS[communication.category]} for {communication.customerName}
        </p>
        <div role="group" aria-label="Current status" className="flex flex-wrap items-center gap-2 pt-1">
          <StatusBadge status={communication.status} label={communication.statusLabel} />
          {communication.ignoredAt ? <Badge tone="warning">Ignored</Badge> : null}
        </div>
        {communication.lastError ? (
          <p className="pt-1 text-sm text-red-800">
            <span className="font-medium">Last error:</span> {communication.lastError}
          </p>
        ) : null}
      </div>

      {attempts.length > 0 ? <DetailDownload tab="overview" id={communication.id} /> : null}

      <IgnoreForm
        id={communication.id}
        canOperate={canOperate}
        ignored={
          communication.ignoredAt ? { by: communication.ignoredBy, at: communication.ignoredAt, reason: communication.ignoredReason } : null
        }
      />

      <Section title={`Attempts (${attempts.length})`}>
        {attempts.length === 0 ? <p className="text-sm text-slate-500">No attempt yet: waiting to be sent.</p> : null}
        <ol className="space-y-3">
          {attempts.map((attempt) => (
            <li key={attempt.id} className="rounded-md border border-slate-200 p-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  #{attempt.seq} {ATTEMPT_KIND_LABELS[attempt.kind]} · {CHANNEL_NAMES[attempt.channel]} via{" "}
                  {PROVIDER_NAMES[attempt.provider]}
                </span>
                <StatusBadge status={attempt.status} label={attempt.statusLabel} />
              </div>
              <p className="mt-1 break-all text-slate-600">To {attempt.recipient}</p>
              <p className="text-slate-500">
                <time dateTime={attempt.createdAt.toISOString()}>{formatDateTime(attempt.createdAt)}</time>
              </p>
              {attempt.errorMessage ? <p className="mt-1 text-red-800">{attempt.errorMessage}</p> : null}
              <ul className="mt-2 space-y-0.5 border-l-2 border-slate-200 pl-3 text-xs text-slate-600">
                {events
                  .filter((event) => event.attemptId === attempt.id)
                  .map((event) => (
                    <li key={event.id}>
                      {formatDateTime(event.occurredAt ?? event.receivedAt, { seconds: true })} — {event.eventType}
                      {event.outcome !== "applied" ? ` (${event.outcome.replace("_", " ")})` : ""}
                    </li>
                  ))}
              </ul>
              <Link
                href={
                  serializeCommunicationsSearchParams("/communications", {
                    tab: "log",
                    search: communication.subjectRef,
                    open: attempt.id,
                  }) as Route
                }
                className="mt-2 inline-block text-sky-700 hover:underline"
              >
                Full error details and what was sent →
              </Link>
            </li>
          ))}
        </ol>
      </Section>

      <Section title="Customer">
        <Facts
          items={[
            ["Name", customer?.name],
            ["Reference", customer?.externalRef],
            ["Location group", customer?.locationGroup],
            ["Language", customer?.locale],
          ]}
        />
      </Section>

      <Section title="Contact points">
        <ul className="space-y-1 text-sm">
          {contactPoints.map((point) => (
            <li key={point.id} className="flex flex-wrap items-center gap-2">
              <span className="w-20 text-slate-500">{CHANNEL_NAMES[point.channel]}</span>
              <span className="break-all">{point.address}</span>
              {point.invalidAt ? (
                <Badge tone="danger" title={point.invalidReason ?? undefined}>
                  Invalid since {formatDateTime(point.invalidAt)}
                </Badge>
              ) : null}
            </li>
          ))}
          {contactPoints.length === 0 ? <li className="text-slate-500">No contact details on file.</li> : null}
        </ul>
      </Section>

      <Section title="Preferences and opt-outs">
        <ul className="space-y-1 text-sm">
          {preferences.map((preference) => (
            <li key={preference.id}>
              <span className="text-slate-500">{preference.category ? CATEGORY_LABELS[preference.category] : "Default"}:</span>{" "}
              {preference.channels.map((channel) => CHANNEL_NAMES[channel]).join(" → ")}
            </li>
          ))}
          {optOuts.map((optOut) => (
            <li key={optOut.id} className="text-amber-900">
              Opted out of {CHANNEL_NAMES[optOut.channel]}
              {optOut.category ? ` for ${CATEGORY_LABELS[optOut.category].toLowerCase()}` : ""}
            </li>
          ))}
          {preferences.length === 0 && optOuts.length === 0 ? <li className="text-slate-500">No preference recorded.</li> : null}
        </ul>
      </Section>

      {audit.length > 0 ? (
        <Section title="Audit trail">
          <ul className="space-y-1 text-sm text-slate-600">
            {audit.map((event) => (
              <li key={event.id}>
                {formatDateTime(event.createdAt)} — {event.actorId}: {event.action.replace("communication.", "")}
                {typeof event.data.reason === "string" ? ` (“${event.data.reason}”)` : ""}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
