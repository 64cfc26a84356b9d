import { AlertTriangle } from "lucide-react";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { getAttemptDetail } from "@/db/queries/communication-log";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { formatBytes, formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES, FAILURE_CLASS_LABELS, FAILURE_CLASS_NEXT_STEPS, STATUS } from "@/lib/status";
import { ManualDoneForm, ResendDialog } from "./attempt-actions";
import { NotFound } from "./detail-panel";
import { DetailDownload } from "./detail-download";
import { Facts, Section } from "./detail-parts";

// Complete error details (provider, code, message, failure class, raw provider events)
// and exactly what was sent (the immutable snapshot, documents with their hashes).
export async function AttemptDetailView({ id, canOperate }: { id: string; canOperate: boolean }) {
  const detail = await getAttemptDetail(await getDb(), { id });
  if (!detail) return <NotFound what="attempt" />;
  const { attempt, communication, events, documents, repeats } = detail;
  const when = (date: Date | null) => (date ? formatDateTime(date, { seconds: true }) : null);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-semibold">
          {attempt.subjectRef} — {ATTEMPT_KIND_LABELS[attempt.kind]} #{attempt.seq}
        </h2>
        <p className="text-sm text-slate-600">
          {CHANNEL_NAMES[attempt.channel]} via {PROVIDER_NAMES[attempt.provider]} to {attempt.customerName}
        </p>
        <div role="group" aria-label="Current status" className="flex flex-wrap items-center gap-2 pt-1">
          <StatusBadge status={attempt.status} label={attempt.statusLabel} />
          {communication?.ignoredAt ? <Badge tone="warning">Communication ignored</Badge> : null}
          {attempt.openedAt ? <Badge tone="info">Opened</Badge> : null}
          {attempt.clickedAt ? <Badge tone="info">Clicked</Badge> : null}
          {attempt.complainedAt ? <Badge tone="danger">Marked as spam</Badge> : null}
        </div>
      </div>

      <div role="group" aria-label="Attempt actions" className="flex flex-wrap items-start gap-2">
        {canOperate ? <ResendDialog attemptId={attempt.id} /> : null}
        <DetailDownload tab="log" id={attempt.id} />
      </div>
      {canOperate && attempt.status === STATUS.manual_required ? <ManualDoneForm attemptId={attempt.id} /> : null}

      {attempt.failureClass || attempt.errorMessage ? (
        <Section title="Error details">
          <div role="note" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-950">
            <p className="font-medium">{attempt.errorMessage ?? "The provider reported a failure without a message."}</p>
            <Facts
              items={[
                ["Provider", PROVIDER_NAMES[attempt.provider]],
                ["Code", attempt.errorCode ? <code>{attempt.errorCode}</code> : null],
                ["Failure class", attempt.failureClass ? FAILURE_CLASS_LABELS[attempt.failureClass] : null],
                ["What happens next", attempt.failureClass ? FAILURE_CLASS_NEXT_STEPS[attempt.failureClass] : null],
                ["Retries", attempt.retryCount ? String(attempt.retryCount) : "0"],
              ]}
            />
          </div>
        </Section>
      ) : null}

      <Section title="Timeline">
        <Facts
          items={[
            ["Created", when(attempt.createdAt)],
            ["Accepted", when(attempt.acceptedAt)],
            ["Sent", when(attempt.sentAt)],
            ["Delivered", when(attempt.deliveredAt)],
            ["Failed", when(attempt.failedAt)],
            ["Provider message id", attempt.providerMessageId ? <code className="break-all">{attempt.providerMessageId}</code> : null],
            ["Sent by hand", attempt.manualNote ? `“${attempt.manualNote}”` : null],
            ["Created by", attempt.createdBy && attempt.createdBy !== "system" ? attempt.createdBy : null],
            ["Repeats", repeats ? `#${repeats.seq} ${ATTEMPT_KIND_LABELS[repeats.kind]} (${CHANNEL_NAMES[repeats.channel]})` : null],
          ]}
        />
      </Section>

      <Section title={`Provider events (${events.length})`}>
        {events.length === 0 ? <p className="text-sm text-slate-500">No provider event received for this attempt.</p> : null}
        <ol className="space-y-2">
          {events.map((event) => (
            <li key={event.id} className="rounded-md border border-slate-200 text-sm">
              <details>
                <summary className="cursor-pointer px-3 py-2">
                  <span className="font-medium">{event.eventType}</span>{" "}
                  <span className="text-slate-500">
                    {formatDateTime(event.occurredAt ?? event.receivedAt, { seconds: true })} · {event.outcome.replace("_", " ")}
                  </span>
                </summary>
                <pre className="max-h-72 overflow-auto border-t border-slate-200 bg-slate-50 p-3 text-xs">
                  {JSON.stringify(event.payload, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      </Section>

      <Section title="What was sent">
        <Facts
          items={[
            [
              "Recipient",
              <span className="break-all" key="r">
                {attempt.recipient}
              </span>,
            ],
            ["Subject", attempt.subject],
            [
              "Content SHA-256",
              <code className="text-xs break-all" key="h">
                {attempt.contentSha256}
              </code>,
            ],
          ]}
        />
        <pre className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-sm whitespace-pre-wrap">
          {attempt.bodyText}
        </pre>
        {attempt.bodyHtml ? (
          <iframe
            title="E-mail as the customer saw it"
            sandbox=""
            srcDoc={attempt.bodyHtml}
            className="h-96 w-full rounded-md border border-slate-200 bg-white"
          />
        ) : null}
      </Section>

      <Section title={`Documents (${documents.length})`}>
        {documents.length === 0 ? <p className="text-sm text-slate-500">No document was attached.</p> : null}
        <ul className="space-y-2 text-sm">
          {documents.map((document) => (
            <li key={document.id} className="rounded-md border border-slate-200 p-2">
              <p className="font-medium">
                {document.filename} <span className="font-normal text-slate-500">({formatBytes(document.byteSize)})</span>
              </p>
              <p className="text-xs break-all text-slate-600">SHA-256 at send: {document.sha256AtSend}</p>
              {document.storedSha256 !== document.sha256AtSend ? (
                <p role="alert" className="mt-1 flex items-center gap-1 text-red-800">
                  <AlertTriangle className="size-4" aria-hidden /> The stored file no longer matches the hash recorded at send time.
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
