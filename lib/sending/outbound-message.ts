import type { PostalAddress } from "@/db/schema/customers";
import type { Channel } from "@/lib/status";
import type { Attachment, OutboundMessage } from "@/lib/providers/types";

// The message a provider receives, built only from the attempt's snapshot and its stored
// documents — never re-rendered — so what was sent is exactly what the log shows.

export type AttemptSnapshot = {
  channel: Channel;
  recipient: string;
  recipientPostal: PostalAddress | null;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
};

export function toOutboundMessage(attempt: AttemptSnapshot, files: readonly Attachment[]): OutboundMessage | { problem: string } {
  switch (attempt.channel) {
    case "email":
      return {
        channel: "email",
        to: attempt.recipient,
        subject: attempt.subject ?? "",
        html: attempt.bodyHtml ?? `<pre>${escapeHtml(attempt.bodyText)}</pre>`,
        text: attempt.bodyText,
        attachments: [...files],
      };
    case "sms":
      return { channel: "sms", to: attempt.recipient, body: attempt.bodyText };
    case "post": {
      const letter = files.find((file) => file.contentType === "application/pdf");
      if (!attempt.recipientPostal) return { problem: "the letter has no postal address" };
      if (!letter) return { problem: "the letter document (PDF) is missing" };
      return { channel: "post", to: attempt.recipient, postal: attempt.recipientPostal, document: letter };
    }
    case "einvoice": {
      const invoice = files.find((file) => /xml/.test(file.contentType)) ?? files[0];
      if (!invoice) return { problem: "the e-invoice document is missing" };
      // Herald's e-invoices are UBL (Peppol BIS 3.0); Chorus Pro needs to be told.
      return { channel: "einvoice", to: attempt.recipient, document: invoice, syntax: "IN_DP_E1_UBL_INVOICE" };
    }
    case "manual":
      return { problem: "a manual attempt is delivered by hand, not by a provider" };
  }
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
