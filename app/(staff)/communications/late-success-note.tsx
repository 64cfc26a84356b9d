import { getTranslations } from "next-intl/server";
import { lateSuccessAfterFailover } from "@/lib/failover/late-success";
import type { AttemptStatus, Provider } from "@/lib/status";

/** On an attempt moved to another provider: its first provider reported it sent after all (a possible duplicate). */
export async function LateSuccessNote({
  attempt,
  events,
}: {
  attempt: { errorCode: string | null; provider: Provider };
  events: readonly { mappedStatus: AttemptStatus | null }[];
}) {
  const lateSuccess = lateSuccessAfterFailover(attempt, events);
  if (!lateSuccess) return null;
  const t = await getTranslations();
  return (
    <p role="alert" className="mt-1 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900">
      <span className="font-semibold">{t("failover.possibleDuplicate")}</span>{" "}
      {t("failover.lateSuccess", { provider: t(`provider.${attempt.provider}`), status: t(`status.${lateSuccess}`) })}
    </p>
  );
}
