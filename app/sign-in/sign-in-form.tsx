"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { authClient } from "../auth-client";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";

type Translate = ReturnType<typeof useTranslations<"signIn">>;

// Posts to better-auth's /api/auth/sign-in/email (rate-limited per client IP), then does a
// full navigation so the server renders the next page with the new session cookie.
export function SignInForm({ returnTo }: { returnTo: string }) {
  const t = useTranslations("signIn");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({
      email: String(form.get("email")).trim(),
      password: String(form.get("password")),
    });
    if (!failure) {
      window.location.assign(returnTo);
      return;
    }
    setPending(false);
    setError(describe(failure, t));
  }

  return (
    <form method="post" onSubmit={submit} {...hydrationMarker(hydrated)} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="email" className="text-sm font-medium">
          {t("email")}
        </label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="text-sm font-medium">
          {t("password")}
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? t("signingIn") : t("submit")}
      </Button>
    </form>
  );
}

function describe(failure: { status: number; message?: string }, t: Translate): string {
  // 429 comes from the per-IP limit (no message of ours) or from lib/auth/sign-in-guard.ts,
  // whose English message says for how long: the number is read from it.
  if (failure.status === 429) {
    const wait = Number(/(\d+)/.exec(failure.message ?? "")?.[1] ?? Number.NaN);
    if (failure.message?.startsWith("Too many failed sign-ins for this account") && wait) return t("accountLocked", { minutes: wait });
    if (failure.message?.startsWith("Too many failed sign-ins from this network") && wait) return t("networkLocked", { seconds: wait });
    return t("tooManyAttempts");
  }
  if (failure.status === 401) return t("wrongCredentials");
  if (failure.status === 400) return t("invalidInput");
  return t("unavailable");
}
