"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type LiftState, liftSuppressionAction } from "./actions";

export function LiftSuppressionForm({ id, address }: { id: string; address: string }) {
  const t = useTranslations("suppressions");
  const [state, action, pending] = useActionState<LiftState, FormData>(liftSuppressionAction, null);
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
    else if (state) toast.error(state.message);
  }, [state]);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Input
        name="reason"
        required
        minLength={5}
        maxLength={1000}
        placeholder={t("liftPlaceholder")}
        aria-label={t("liftReason", { address })}
        className="h-8 w-48"
      />
      <Button type="submit" size="sm" variant="ghost" disabled={pending}>
        {pending ? t("lifting") : t("lift")}
      </Button>
    </form>
  );
}
