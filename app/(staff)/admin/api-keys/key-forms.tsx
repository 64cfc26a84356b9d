"use client";

import { Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type CreateKeyState, createKey, type RevokeKeyState, revokeKey } from "./actions";

export function CreateKeyForm() {
  const t = useTranslations("apiKeys");
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createKey, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  return (
    <div className="space-y-3">
      <form
        ref={formRef}
        action={action}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <div className="min-w-56 flex-1 space-y-1.5">
          <label htmlFor="key-name" className="text-sm font-medium">
            {t("name")}
          </label>
          <Input id="key-name" name="name" required minLength={2} maxLength={100} placeholder={t("namePlaceholder")} />
        </div>
        <fieldset className="flex items-center gap-3 text-sm">
          <legend className="sr-only">{t("scopes")}</legend>
          <label className="flex items-center gap-1.5">
            <input type="checkbox" name="scopes" value="send" defaultChecked /> {t("scopeSend")}
          </label>
          <label className="flex items-center gap-1.5">
            <input type="checkbox" name="scopes" value="read" defaultChecked /> {t("scopeRead")}
          </label>
        </fieldset>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t("creating") : t("create")}
        </Button>
      </form>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      {state?.ok ? (
        <div role="status" className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950">
          <p>{t.rich("createdNotice", { name: state.name, strong: (chunks) => <strong>{chunks}</strong> })}</p>
          <div className="flex items-center gap-2">
            <code aria-label={t("newKey")} className="rounded bg-white px-2 py-1 font-mono text-xs break-all ring-1 ring-emerald-200">
              {state.secret}
            </code>
            <Button
              size="sm"
              onClick={() =>
                navigator.clipboard.writeText(state.secret).then(
                  () => toast.success(t("copied")),
                  () => toast.error(t("copyFailed")),
                )
              }
            >
              <Copy className="size-4" aria-hidden /> {t("copy")}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeKeyButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("apiKeys");
  const [state, action, pending] = useActionState<RevokeKeyState, FormData>(revokeKey, null);
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
    else if (state) toast.error(state.message);
  }, [state]);
  return (
    <form action={action} onSubmit={(event) => (confirm(t("confirmRevoke", { name })) ? undefined : event.preventDefault())}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={t("revokeName", { name })}>
        {pending ? t("revoking") : t("revoke")}
      </Button>
    </form>
  );
}
