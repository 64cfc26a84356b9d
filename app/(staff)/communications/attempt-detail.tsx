import { AlertTriangle } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { getAttemptDetail } from "@/db/queries/communication-log";
import { languageName } from "@/app/i18n/language-name";
import { getFormats } from "@/app/i18n/server-formats";
import { FAILED_OVER_CODE, STATUS } from "@/lib/status";
import { ManualDoneForm, ResendDialog } from "./attempt-actions";
import { NotFound } from "./detail-panel";
import { DetailDownload } from "./detail-download";
import { Facts, Section } from "./detail-parts";
import { LateSuccessNote } from "./late-success-note";

// Complete error details (provider, code, message, failure class, raw provider events)
// and exactly what was sent (the immutable snapshot, documents with their hashes).
export async function AttemptDetailView({ id, canOperate }: { id: string; canOperate: boolean }) {
  const [detail, t, format] = await Promise.all([getAttemptDetail(await getDb(), { id }), getTranslations(), getFormats()]);
  if (!detail) return <NotFound what="attempt" />;
  const { attempt, communication, events, documents, repeats } = detail;
  const when = (date: Date | null) => (date ? format.dateTime(date, { seconds: true }) : null);
  const moved = attempt.errorCode === FAILED_OVER_CODE;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-semibold">
          {attempt.subjectRef} — {t("log.kindText", { kind: t(`attemptKind.${attempt.kind}`), seq: attempt.seq })}
        </h2>
        <p className="text-sm text-slate-600">
          {t("attemptDetail.via", {
            channel: t(`channel.${attempt.channel}`),
            provider: t(`provider.${attempt.provider}`),
            customer: attempt.customerName,
          })}
        </p>
        <div role="group" aria-label={t("detail.currentStatus")} className="flex flex-wrap items-center gap-2 pt-1">
          <StatusBadge status={attempt.status} label={attempt.statusLabel} />
          {communication?.ignoredAt ? <Badge tone="warning">{t("attemptDetail.communicationIgnored")}</Badge> : null}
          {attempt.openedAt ? <Badge tone="info">{t("attemptDetail.opened")}</Badge> : null}
          {attempt.clickedAt ? <Badge tone="info">{t("attemptDetail.clicked")}</Badge> : null}
          {attempt.complainedAt ? <Badge tone="danger">{t("attemptDetail.markedAsSpam")}</Badge> : null}
        </div>
        <LateSuccessNote attempt={attempt} events={events} />
      </div>

      <div role="group" aria-label={t("attemptDetail.actions")} className="flex flex-wrap items-start gap-2">
        {/* A moved attempt is carried on by its failover attempt: resending it would send twice. */}
        {canOperate && !moved ? <ResendDialog attemptId={attempt.id} /> : null}
        <DetailDownload tab="log" id={attempt.id} />
      </div>
      {canOperate && attempt.status === STATUS.manual_required ? <ManualDoneForm attemptId={attempt.id} /> : null}

      {attempt.failureClass || attempt.errorMessage ? (
        <Section title={t("attemptDetail.errorDetails")}>
          <div role="note" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-950">
            <p className="font-medium">{attempt.errorMessage ?? t("attemptDetail.noErrorMessage")}</p>
            <Facts
              items={[
                [t("attemptDetail.provider"), t(`provider.${attempt.provider}`)],
                [t("attemptDetail.code"), attempt.errorCode ? <code>{attempt.errorCode}</code> : null],
                [t("attemptDetail.failureClass"), attempt.failureClass ? t(`failureClass.${attempt.failureClass}`) : null],
                [
                  t("attemptDetail.nextStep"),
                  moved ? t("failover.nextStep") : attempt.failureClass ? t(`nextStep.${attempt.failureClass}`) : null,
                ],
                [t("attemptDetail.retries"), format.number(attempt.retryCount)],
              ]}
            />
          </div>
        </Section>
      ) : null}

      <Section title={t("attemptDetail.timeline")}>
        <Facts
          items={[
            [t("attemptDetail.created"), when(attempt.createdAt)],
            [t("attemptDetail.accepted"), when(attempt.acceptedAt)],
            [t("attemptDetail.sent"), when(attempt.sentAt)],
            [t("attemptDetail.delivered"), when(attempt.deliveredAt)],
            [t("attemptDetail.failed"), when(attempt.failedAt)],
            [
              t("attemptDetail.providerMessageId"),
              attempt.providerMessageId ? <code className="break-all">{attempt.providerMessageId}</code> : null,
            ],
            [t("attemptDetail.sentByHand"), attempt.manualNote ? `“${attempt.manualNote}”` : null],
            [t("attemptDetail.createdBy"), attempt.createdBy && attempt.createdBy !== "system" ? attempt.createdBy : null],
            [
              t("attemptDetail.repeats"),
              repeats
                ? t("attemptDetail.repeatsText", {
                    seq: repeats.seq,
                    kind: t(`attemptKind.${repeats.kind}`),
                    channel: t(`channel.${repeats.channel}`),
                  })
                : null,
            ],
          ]}
        />
      </Section>

      <Section title={t("attemptDetail.events", { count: events.length })}>
        {events.length === 0 ? <p className="text-sm text-slate-500">{t("attemptDetail.noEvents")}</p> : null}
        <ol className="space-y-2">
          {events.map((event) => (
            <li key={event.id} className="rounded-md border border-slate-200 text-sm">
              <details>
                <summary className="cursor-pointer px-3 py-2">
                  <span className="font-medium">{event.eventType}</span>{" "}
                  <span className="text-slate-500">
                    {format.dateTime(event.occurredAt ?? event.receivedAt, { seconds: true })} · {t(`eventOutcome.${event.outcome}`)}
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

      <Section title={t("attemptDetail.whatWasSent")}>
        <Facts
          items={[
            [
              t("attemptDetail.recipient"),
              <span className="break-all" key="r">
                {attempt.recipient}
              </span>,
            ],
            [t("attemptDetail.subject"), attempt.subject],
            [t("attemptDetail.language"), attempt.locale ? languageName(attempt.locale, format.locale) : null],
            [
              t("attemptDetail.contentSha256"),
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
            title={t("attemptDetail.emailPreview")}
            sandbox=""
            srcDoc={attempt.bodyHtml}
            className="h-96 w-full rounded-md border border-slate-200 bg-white"
          />
        ) : null}
      </Section>

      <Section title={t("attemptDetail.documents", { count: documents.length })}>
        {documents.length === 0 ? <p className="text-sm text-slate-500">{t("attemptDetail.noDocuments")}</p> : null}
        <ul className="space-y-2 text-sm">
          {documents.map((document) => (
            <li key={document.id} className="rounded-md border border-slate-200 p-2">
              <p className="font-medium">
                {document.filename} <span className="font-normal text-slate-500">({format.bytes(document.byteSize)})</span>
              </p>
              <p className="text-xs break-all text-slate-600">{t("attemptDetail.sha256AtSend", { hash: document.sha256AtSend })}</p>
              {document.storedSha256 !== document.sha256AtSend ? (
                <p role="alert" className="mt-1 flex items-center gap-1 text-red-800">
                  <AlertTriangle className="size-4" aria-hidden /> {t("attemptDetail.hashMismatch")}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
