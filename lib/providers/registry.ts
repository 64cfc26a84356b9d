import { PROVIDER_NAMES } from "@/lib/attempts";
import { emailProviderOf, type HeraldEnv } from "@/lib/env";
import type { EinvoiceNetwork } from "@/lib/routing/contact-validation";
import { type Channel, type Provider, STATUS } from "@/lib/status";
import { chorusProConfigFromEnv, createChorusProAdapter, createChorusProClient } from "./chorus-pro";
import { createPeppolAdapter } from "./peppol";
import { createPingenAdapter } from "./pingen";
import { createResendAdapter } from "./resend";
import { createSandboxAdapter, type SandboxOptions } from "./sandbox/sandbox-adapter";
import { createSendgridAdapter } from "./sendgrid";
import { createTwilioAdapter } from "./twilio";
import { type AnyProviderAdapter, withoutStatusApi } from "./types";

// Which provider carries a channel, and the adapter that talks to it: the real one when
// its keys are configured, the sandbox provider otherwise (the embedded default).

export type ProviderRegistry = {
  providerFor(channel: Exclude<Channel, "manual">, network?: EinvoiceNetwork): Provider;
  adapterFor(provider: Provider): AnyProviderAdapter;
  isSandbox(provider: Provider): boolean;
};

const DEFAULT_FROM = "Helios Énergie SAS <factures@billing.helios-energie.example>";

export function createProviderRegistry(env: HeraldEnv, sandbox: SandboxOptions): ProviderRegistry {
  const real = realAdapters(env);
  const adapters = new Map<Provider, AnyProviderAdapter>();
  const emailProvider = emailProviderOf(env);
  return {
    providerFor(channel, network) {
      switch (channel) {
        case "email":
          return emailProvider;
        case "sms":
          return "twilio";
        case "post":
          return "pingen";
        case "einvoice":
          return network === "chorus_pro" ? "chorus_pro" : "peppol";
      }
    },
    adapterFor(provider) {
      let adapter = adapters.get(provider);
      if (!adapter) {
        const create = real[provider];
        adapter = create ? create() : sandboxAdapter(provider, sandbox);
        adapters.set(provider, adapter);
      }
      return adapter;
    },
    isSandbox: (provider) => !real[provider],
  };
}

function realAdapters(env: HeraldEnv): Partial<Record<Provider, () => AnyProviderAdapter>> {
  const from = env.HERALD_EMAIL_FROM ?? DEFAULT_FROM;
  const chorus = chorusProConfigFromEnv(env);
  const { PINGEN_CLIENT_ID: clientId, PINGEN_CLIENT_SECRET: clientSecret, PINGEN_ORGANISATION_ID: organisationId } = env;
  return {
    ...(env.RESEND_API_KEY
      ? { resend: () => createResendAdapter({ apiKey: env.RESEND_API_KEY!, from, baseUrl: env.RESEND_BASE_URL }) }
      : {}),
    ...(env.SENDGRID_API_KEY ? { sendgrid: () => createSendgridAdapter({ apiKey: env.SENDGRID_API_KEY!, from }) } : {}),
    ...(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? {
          twilio: () =>
            createTwilioAdapter({ accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN!, from: env.TWILIO_FROM! }),
        }
      : {}),
    ...(clientId && clientSecret && organisationId
      ? { pingen: () => createPingenAdapter({ clientId, clientSecret, organisationId }) }
      : {}),
    ...(env.PEPPOL_API_URL && env.PEPPOL_API_KEY
      ? { peppol: () => createPeppolAdapter({ apiUrl: env.PEPPOL_API_URL!, apiKey: env.PEPPOL_API_KEY! }) }
      : {}),
    ...(chorus ? { chorus_pro: () => createChorusProAdapter(createChorusProClient(chorus)) } : {}),
  };
}

function sandboxAdapter(provider: Provider, options: SandboxOptions): AnyProviderAdapter {
  if (provider === "manual") throw new Error("manual attempts are never handed to a provider");
  if (provider === "chorus_pro") return sandboxChorusPro();
  return createSandboxAdapter(provider, options);
}

// Chorus Pro has no webhooks (statuses are polled with real credentials only): its sandbox
// takes the deposit and reports it handed over — Sent — as a successful deposit does.
function sandboxChorusPro(): AnyProviderAdapter {
  return {
    provider: "chorus_pro",
    channel: "einvoice",
    async send(message) {
      if (message.channel !== "einvoice") throw new Error(`${PROVIDER_NAMES.chorus_pro} carries e-invoices only`);
      return { ok: true, providerMessageId: `sandbox-flux-${crypto.randomUUID()}`, status: STATUS.sent };
    },
    ...withoutStatusApi("the Chorus Pro sandbox takes deposits only; statuses are polled with real credentials (CHORUS_PRO_*)"),
  };
}
