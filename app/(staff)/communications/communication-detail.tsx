import Link from "next/link";
import type { Route } from "next";
import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { getCommunicationDetail } from "@/db/queries/communications";
import { languageName } from "@/app/i18n/language-name";
import { getFormats } from "@/app/i18n/server-formats";
import { isAuditAction } from "@/lib/audit-actions";
import { LateSuccessNote } from "./late-success-note";
import { NotFound } from "./detail-panel";
import { DetailDownload } from "./detail-download";
import { Facts, Section } from "./detail-parts";
import { IgnoreForm } from "./ignore-form";
import { serializeCommunicationsSearchParams } from "./search-params";

// Limited error details (last error in one line) plus the full timeline, the customer's
// contact points and preferences — why Herald chose the channels it chose.
export async function CommunicationDetailView({ id, canOperate }: { id: string; canOperate: boolean }) {
  const [detail, t, format] = await Promise.all([getCommunicationDetail(await getDb(), { id }), getTranslations(), getFormats()]);
  if (!detail) return <NotFound what="communication" />;
  const { communication, customer, contactPoints, preferences, optOuts, attempts, events, audit } = detail;
  const channel = (value: (typeof attempts)[number]["channel"]) => t(`channel.${value}`);
  const language = customer?.locale ? languageName(customer.locale, format.locale) : null;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-semibold">
          {t("overview.subjectText", { type: t(`subjectType.${communication.subjectType}`), reference: communication.subjectRef })}
        </h2>
        <p className="text-sm text-slate-600">
          {t("communicationDetail.categoryFor", {
            category: t(`category.${communication.category}`),
            customer: communication.customerName,
          })}
        </p>
        <div role="group" aria-label={t("detail.currentStatus")} className="flex flex-wrap items-center gap-2 pt-1">
          <StatusBadge status={communication.status} label={communication.statusLabel} />
          {communication.ignoredAt ? <Badge tone="warning">{t("communicationDetail.ignored")}</Badge> : null}
        </div>
        {communication.lastError ? (
          <p className="pt-1 text-sm text-red-800">
            <span className="font-medium">{t("communicationDetail.lastError")}</span> {communication.lastError}
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

      <Section title={t("communicationDetail.attempts", { count: attempts.length })}>
        {attempts.length === 0 ? <p className="text-sm text-slate-500">{t("communicationDetail.noAttempt")}</p> : null}
        <ol className="space-y-3">
          {attempts.map((attempt) => (
            <li key={attempt.id} className="rounded-md border border-slate-200 p-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {t("communicationDetail.attemptHeading", {
                    seq: attempt.seq,
                    kind: t(`attemptKind.${attempt.kind}`),
                    channel: channel(attempt.channel),
                    provider: t(`provider.${attempt.provider}`),
                  })}
                </span>
                <StatusBadge status={attempt.status} label={attempt.statusLabel} />
              </div>
              <LateSuccessNote attempt={attempt} events={events.filter((event) => event.attemptId === attempt.id)} />
              <p className="mt-1 break-all text-slate-600">{t("communicationDetail.to", { recipient: attempt.recipient })}</p>
              <p className="text-slate-500">
                <time dateTime={attempt.createdAt.toISOString()}>{format.dateTime(attempt.createdAt)}</time>
              </p>
              {attempt.errorMessage ? <p className="mt-1 text-red-800">{attempt.errorMessage}</p> : null}
              <ul className="mt-2 space-y-0.5 border-l-2 border-slate-200 pl-3 text-xs text-slate-600">
                {events
                  .filter((event) => event.attemptId === attempt.id)
                  .map((event) => (
                    <li key={event.id}>
                      {format.dateTime(event.occurredAt ?? event.receivedAt, { seconds: true })} — {event.eventType}
                      {event.outcome !== "applied" ? ` (${t(`eventOutcome.${event.outcome}`)})` : ""}
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
                {t("communicationDetail.fullDetails")}
              </Link>
            </li>
          ))}
        </ol>
      </Section>

      <Section title={t("communicationDetail.customer")}>
        <Facts
          items={[
            [t("communicationDetail.name"), customer?.name],
            [t("communicationDetail.reference"), customer?.externalRef],
            [t("communicationDetail.locationGroup"), customer?.locationGroup],
            [t("communicationDetail.language"), language],
          ]}
        />
      </Section>

      <Section title={t("communicationDetail.contactPoints")}>
        <ul className="space-y-1 text-sm">
          {contactPoints.map((point) => (
            <li key={point.id} className="flex flex-wrap items-center gap-2">
              <span className="w-20 text-slate-500">{channel(point.channel)}</span>
              <span className="break-all">{point.address}</span>
              {point.invalidAt ? (
                <Badge tone="danger" title={point.invalidReason ?? undefined}>
                  {t("communicationDetail.invalidSince", { date: format.dateTime(point.invalidAt) })}
                </Badge>
              ) : null}
            </li>
          ))}
          {contactPoints.length === 0 ? <li className="text-slate-500">{t("communicationDetail.noContact")}</li> : null}
        </ul>
      </Section>

      <Section title={t("communicationDetail.preferences")}>
        <ul className="space-y-1 text-sm">
          {preferences.map((preference) => (
            <li key={preference.id}>
              <span className="text-slate-500">
                {t("filters.labelColon", {
                  label: preference.category ? t(`category.${preference.category}`) : t("communicationDetail.defaultPreference"),
                })}
              </span>{" "}
              {preference.channels.map(channel).join(" → ")}
            </li>
          ))}
          {optOuts.map((optOut) => (
            <li key={optOut.id} className="text-amber-900">
              {optOut.category
                ? t("communicationDetail.optedOutFor", {
                    channel: channel(optOut.channel),
                    category: t(`category.${optOut.category}`).toLocaleLowerCase(format.locale),
                  })
                : t("communicationDetail.optedOut", { channel: channel(optOut.channel) })}
            </li>
          ))}
          {preferences.length === 0 && optOuts.length === 0 ? (
            <li className="text-slate-500">{t("communicationDetail.noPreference")}</li>
          ) : null}
        </ul>
      </Section>

      {audit.length > 0 ? (
        <Section title={t("communicationDetail.audit")}>
          <ul className="space-y-1 text-sm text-slate-600">
            {audit.map((event) => (
              <li key={event.id}>
                {format.dateTime(event.createdAt)} — {event.actorId}:{" "}
                {isAuditAction(event.action) ? t(`auditAction.${event.action}`) : event.action}
                {typeof event.data.reason === "string" ? ` (“${event.data.reason}”)` : ""}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
