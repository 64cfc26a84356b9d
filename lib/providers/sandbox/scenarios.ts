import type { OutboundMessage } from "../types";

// The sandbox providers' magic recipients (documented in the README, "Sandbox providers").
// Anything else is delivered. Chosen so each is a valid contact detail — the channel plan
// validates before sending — yet never a real customer's:
//
// | channel  | recipient                                  | outcome                                   |
// |----------|--------------------------------------------|-------------------------------------------|
// | e-mail   | bounced@… (any domain, bounced+tag@…)      | hard bounce → Failed · Bounced, fallback   |
// | e-mail   | blocked@…                                  | refused by the server → Failed · Blocked   |
// | e-mail   | outage@…                                   | provider answers 503: retried, then fallback |
// | e-mail   | outage-resend@… (outage-sendgrid@…)        | only that provider answers 503: failover   |
// | SMS      | +33 6 00 00 00 13                          | Failed · Undelivered (unknown handset)      |
// | SMS      | +33 6 00 00 05 03                          | provider outage                           |
// | post     | postal code 99999                          | Failed · Returned (addressee unknown)      |
// | post     | postal code 99503                          | provider outage                           |
// | e-invoice| 0088:0000000000013                         | Rejected by the buyer's access point (MLS RE) |
// | e-invoice| 0088:0000000000404                         | receiver not registered → fallback         |
// | e-invoice| 0088:0000000000503                         | provider outage                           |

export type SandboxScenario = "delivered" | "bounced" | "blocked" | "undelivered" | "returned" | "rejected" | "not_registered" | "outage";

export const SANDBOX_MAGIC = {
  email: { bounced: "bounced", blocked: "blocked", outage: "outage" },
  sms: { undelivered: "+33600000013", outage: "+33600000503" },
  post: { returned: "99999", outage: "99503" },
  einvoice: { rejected: "0088:0000000000013", not_registered: "0088:0000000000404", outage: "0088:0000000000503" },
} as const;

export function sandboxScenario(message: OutboundMessage, provider?: string): SandboxScenario {
  return scenarioFor(message.channel, message.to, message.channel === "post" ? message.postal.postalCode : null, provider);
}

/** The outcome of a message to `to` (and, for a letter, its postal code): what the status API reports too. */
export function scenarioFor(
  channel: OutboundMessage["channel"],
  to: string,
  postalCode: string | null,
  provider?: string,
): SandboxScenario {
  switch (channel) {
    case "email": {
      const local = to.split("@")[0]?.split("+")[0]?.toLowerCase() ?? "";
      // outage-<provider>@…: that one provider is down, the channel's others deliver.
      const down = /^outage-([a-z_]+)$/.exec(local)?.[1];
      if (down) return down === provider ? "outage" : "delivered";
      return match(SANDBOX_MAGIC.email, local);
    }
    case "sms":
      return match(SANDBOX_MAGIC.sms, to.replace(/[\s.-]/g, ""));
    case "post":
      return match(SANDBOX_MAGIC.post, (postalCode ?? "").trim());
    case "einvoice":
      return match(SANDBOX_MAGIC.einvoice, to.trim());
  }
}

function match(table: Partial<Record<SandboxScenario, string>>, value: string): SandboxScenario {
  const found = Object.entries(table).find(([, magic]) => magic === value);
  return (found?.[0] as SandboxScenario | undefined) ?? "delivered";
}
