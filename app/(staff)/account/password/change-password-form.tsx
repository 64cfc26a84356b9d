"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { authClient } from "../../../auth-client";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";

// better-auth's /change-password checks the current password, stores the new hash and
// (revokeOtherSessions) signs out every other browser of this account.
export function ChangePasswordForm() {
  const t = useTranslations("password");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("newPassword"));
    if (newPassword !== form.get("confirmPassword")) return setError(t("differ"));
    if (newPassword.length < 12) return setError(t("tooShort"));
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.changePassword({
      currentPassword: String(form.get("currentPassword")),
      newPassword,
      revokeOtherSessions: true,
    });
    setPending(false);
    if (failure) {
      setError(
        failure.status === 429
          ? t("tooManyAttempts")
          : failure.status === 400 && /password/i.test(failure.message ?? "")
            ? t("refused")
            : t("failed"),
      );
      return;
    }
    formElement.reset();
    toast.success(t("changed"));
  }

  return (
    <form
      method="post"
      onSubmit={submit}
      {...hydrationMarker(hydrated)}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <Field id="currentPassword" label={t("current")} autoComplete="current-password" />
      <Field id="newPassword" label={t("new")} autoComplete="new-password" />
      <Field id="confirmPassword" label={t("confirm")} autoComplete="new-password" />
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? t("saving") : t("submit")}
      </Button>
    </form>
  );
}

function Field({ id, label, autoComplete }: { id: string; label: string; autoComplete: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Input id={id} name={id} type="password" autoComplete={autoComplete} required />
    </div>
  );
}
