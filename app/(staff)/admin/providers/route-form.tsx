"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { Provider, RouteMode } from "@/lib/status";
import { type RouteState, setProviderRoute } from "./actions";

/** Automatic failover, one provider pinned, or failover off, for one channel. */
export function RouteForm(props: {
  channel: string;
  channelName: string;
  providers: readonly Provider[];
  mode: RouteMode;
  pinnedProvider: Provider | null;
}) {
  const t = useTranslations("providers");
  const provider = useTranslations("provider");
  const [state, action, pending] = useActionState<RouteState, FormData>(setProviderRoute, null);
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
  }, [state]);
  const current = props.mode === "pinned" && props.pinnedProvider ? `pin:${props.pinnedProvider}` : props.mode;
  const primary = props.providers[0];
  const choices = [
    { value: "auto", label: t("choiceAuto", { primary: primary ? provider(primary) : "" }) },
    ...props.providers.map((name) => ({ value: `pin:${name}`, label: t("choicePin", { provider: provider(name) }) })),
    { value: "off", label: t("choiceOff", { primary: primary ? provider(primary) : "" }) },
  ];
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="channel" value={props.channel} />
      <fieldset className="space-y-1 text-sm">
        <legend className="mb-1 font-medium">{t("setting", { channel: props.channelName })}</legend>
        {choices.map((choice) => (
          <label key={choice.value} className="flex items-center gap-2">
            <input type="radio" name="choice" value={choice.value} defaultChecked={choice.value === current} required />
            {choice.label}
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="primary" size="sm" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
