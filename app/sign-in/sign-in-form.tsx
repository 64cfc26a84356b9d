"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { authClient } from "../auth-client";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";

// Posts to better-auth's /api/auth/sign-in/email (rate-limited per client IP), then does a
// full navigation so the server renders the next page with the new session cookie.
export function SignInForm({ returnTo }: { returnTo: string }) {
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
    setError(describe(failure));
  }

  return (
    <form method="post" onSubmit={submit} {...hydrationMarker(hydrated)} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="email" className="text-sm font-medium">
          E-mail
        </label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="text-sm font-medium">
          Password
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

function describe(failure: { status: number; message?: string }): string {
  // 429 comes from the per-IP limit (no message of ours) or the per-account guard (says how long).
  if (failure.status === 429)
    return failure.message?.startsWith("Too many failed")
      ? `${failure.message}.`
      : "Too many sign-in attempts from here. Wait a minute, then try again.";
  if (failure.status === 401) return "E-mail or password is wrong. Check both and try again.";
  if (failure.status === 400) return failure.message ? `${failure.message}.` : "Enter your e-mail address and password.";
  return "Herald could not sign you in right now. Try again in a moment.";
}
