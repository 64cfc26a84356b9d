"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { markManualDone, type ManualState, previewResend, resendFromLog, type ResendPreview } from "./send-actions";

// The operator's actions on one attempt in the log: resend it (the dialog shows where it
// will go now and exactly what will be sent), or record a manual attempt as delivered.

export function ResendDialog({ attemptId }: { attemptId: string }) {
  const t = useTranslations();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<ResendPreview | null>(null);
  const [loading, startLoading] = useTransition();
  const [sending, startSending] = useTransition();
  const router = useRouter();

  const openDialog = () => {
    setOpen(true);
    setPreview(null);
    startLoading(async () => setPreview(await previewResend(attemptId)));
  };
  const confirm = () =>
    startSending(async () => {
      const result = await resendFromLog(attemptId);
      if (!result.ok) return void setPreview({ ok: false, message: result.message });
      setOpen(false);
      toast.success(t("resend.done"));
      router.refresh();
    });

  return (
    <>
      <Button size="sm" onClick={openDialog}>
        <RotateCcw className="size-4" aria-hidden />
        {t("resend.open")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t("resend.title")}
        description={t("resend.description")}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
            <Button variant="primary" onClick={confirm} disabled={!preview?.ok || sending}>
              {sending ? t("resend.sending") : t("resend.submit")}
            </Button>
          </>
        }
      >
        {loading || !preview ? (
          <div aria-busy="true" aria-label={t("resend.loading")} className="space-y-2">
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : !preview.ok ? (
          <p role="alert" className="text-red-800">
            {preview.message}
          </p>
        ) : (
          <dl className="space-y-3">
            <div>
              <dt className="text-slate-500">{t("resend.goesTo")}</dt>
              <dd className="font-medium whitespace-pre-line">
                {t("filters.labelColon", { label: t(`channel.${preview.channel}`) })} {preview.recipient}
              </dd>
            </div>
            {preview.subject ? (
              <div>
                <dt className="text-slate-500">{t("resend.subject")}</dt>
                <dd>{preview.subject}</dd>
              </div>
            ) : null}
            <div>
              <dt className="text-slate-500">{t("resend.message")}</dt>
              <dd className="max-h-48 overflow-y-auto rounded-md bg-slate-50 p-2 whitespace-pre-wrap">
                {preview.bodyText ?? t("resend.freshMessage")}
              </dd>
            </div>
            {preview.documents.length ? (
              <div>
                <dt className="text-slate-500">{t("resend.documents")}</dt>
                <dd>{preview.documents.join(", ")}</dd>
              </div>
            ) : null}
          </dl>
        )}
      </Dialog>
    </>
  );
}

export function ManualDoneForm({ attemptId }: { attemptId: string }) {
  const t = useTranslations("manual");
  // The toast is raised where the result arrives, not in an effect: a done attempt is no
  // longer manual_required, so the refreshed detail unmounts this form with the result.
  const [state, action, pending] = useActionState<ManualState, FormData>(async (previous, form) => {
    const result = await markManualDone(previous, form);
    if (result?.ok) toast.success(result.message);
    return result;
  }, null);
  return (
    <form action={action} className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
      <label htmlFor="manual-note" className="font-medium">
        {t("label")}
      </label>
      <input type="hidden" name="attemptId" value={attemptId} />
      <textarea
        id="manual-note"
        name="note"
        required
        minLength={3}
        maxLength={1000}
        rows={2}
        placeholder={t("placeholder")}
        aria-invalid={state && !state.ok ? true : undefined}
        aria-describedby={state && !state.ok ? "manual-error" : undefined}
        className="block w-full rounded-md border border-slate-300 px-2 py-1"
      />
      <Button type="submit" size="sm" variant="primary" disabled={pending}>
        {pending ? t("saving") : t("submit")}
      </Button>
      {state && !state.ok ? (
        <p id="manual-error" role="alert" className="text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
