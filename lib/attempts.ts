import type { AttemptKind, Provider } from "@/db/schema/enums";

export const ATTEMPT_KIND_LABELS: Record<AttemptKind, string> = {
  first: "First send",
  resend: "Resend",
  fallback: "Fallback",
  failover: "Failover",
};

export const PROVIDER_NAMES: Record<Provider, string> = {
  resend: "Resend",
  sendgrid: "SendGrid",
  twilio: "Twilio",
  pingen: "Pingen",
  peppol: "Peppol AP",
  chorus_pro: "Chorus Pro",
  manual: "Manual",
};
