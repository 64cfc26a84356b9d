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
import type { FailoverGroups } from "@/lib/failover/routing";

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

export type FailoverSetup = {
  /** Per channel, the providers that can carry it, primary first (lib/failover). */
  groups: FailoverGroups;
  /** Per channel without failover, why: the settings page and tracking health say it. */
  off: Partial<Record<Exclude<Channel, "manual">, string>>;
};

/**
 * Which channels can fail over between providers in this installation. E-mail can, when
 * Resend and SendGrid are both configured — or both sandboxes (the embedded default); a
 * real provider never fails over to a sandbox or back. The other channels have one adapter
 * each today: a second one (an SMS provider, a print house) joins its channel's group here.
 */
export function failoverSetup(env: HeraldEnv): FailoverSetup {
  const primary = emailProviderOf(env);
  const secondary: Provider = primary === "resend" ? "sendgrid" : "resend";
  const real = realAdapters(env);
  const off: FailoverSetup["off"] = {
    sms: "Twilio is the only SMS provider configured",
    post: "Pingen is the only postal provider configured",
    einvoice: "Peppol and Chorus Pro are separate networks: an e-invoice goes where its buyer receives it",
  };
  if (Boolean(real[primary]) === Boolean(real[secondary])) return { groups: { email: [primary, secondary] }, off };
  const [configured, missing]: [Provider, Provider] = real[primary] ? [primary, secondary] : [secondary, primary];
  const key = missing === "resend" ? "RESEND_API_KEY" : "SENDGRID_API_KEY";
  return {
    groups: {},
    off: {
      ...off,
      email: `only ${PROVIDER_NAMES[configured]} is configured: set ${key} to fail over to ${PROVIDER_NAMES[missing]}`,
    },
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
