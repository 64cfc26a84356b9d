"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useFormats } from "@/app/i18n/use-formats";
import { type IgnoreState, setIgnored } from "./actions";

// Ignoring hides a communication from every list until "show ignored" is on; the reason
// is required so the next person knows why. Viewers see who ignored it, without the form
// (the action itself refuses them: setIgnored requires an operator).
export function IgnoreForm({
  id,
  ignored,
  canOperate,
}: {
  id: string;
  ignored: { by: string | null; at: Date; reason: string | null } | null;
  canOperate: boolean;
}) {
  const t = useTranslations("ignore");
  const format = useFormats();
  const [state, action, pending] = useActionState<IgnoreState, FormData>(setIgnored, null);
  const by = (at: Date, who: string | null, reason: string | null) =>
    reason
      ? t.rich("byWithReason", {
          who: who ?? t("unknown"),
          date: format.dateTime(at),
          reason,
          strong: (chunks) => <strong>{chunks}</strong>,
        })
      : t.rich("by", { who: who ?? t("unknown"), date: format.dateTime(at), strong: (chunks) => <strong>{chunks}</strong> });
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
  }, [state]);

  if (!canOperate) {
    return ignored ? (
      <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">{by(ignored.at, ignored.by, ignored.reason)}</p>
    ) : null;
  }
  if (ignored) {
    return (
      <form action={action} className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
        <p>{by(ignored.at, ignored.by, ignored.reason)}</p>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="ignored" value="false" />
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? t("restoring") : t("stop")}
        </Button>
        {state && !state.ok ? (
          <p role="alert" className="text-red-800">
            {state.message}
          </p>
        ) : null}
      </form>
    );
  }
  return (
    <form action={action} className="space-y-2 rounded-md border border-slate-200 p-3 text-sm">
      <label htmlFor="ignore-reason" className="font-medium">
        {t("label")}
      </label>
      <p className="text-slate-500">{t("explanation")}</p>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="ignored" value="true" />
      <div className="flex gap-2">
        <input
          id="ignore-reason"
          name="reason"
          required
          minLength={3}
          maxLength={500}
          placeholder={t("placeholder")}
          aria-invalid={state && !state.ok ? true : undefined}
          aria-describedby={state && !state.ok ? "ignore-error" : undefined}
          className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2"
        />
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? t("ignoring") : t("submit")}
        </Button>
      </div>
      {state && !state.ok ? (
        <p id="ignore-error" role="alert" className="text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
