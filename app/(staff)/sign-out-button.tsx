"use client";

import { LogOut } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "../auth-client";

// A full navigation (not router.push) after signing out, so no cached page of the signed-in
// session stays in the client router; staff pages are served no-store, so Back asks the
// server again and lands on the sign-in page.
export function SignOutButton() {
  const t = useTranslations("header");
  const [pending, setPending] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut();
        window.location.replace("/sign-in?signedOut=1");
      }}
    >
      <LogOut className="size-4" aria-hidden />
      {pending ? t("signingOut") : t("signOut")}
    </Button>
  );
}
