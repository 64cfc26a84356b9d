import { canonicalContent } from "@/db/content-hash";

export type MessageSnapshot = {
  id: string;
  channel: "email" | "sms" | "post" | "einvoice" | "manual";
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  contentSha256: string;
};

export type MessageFile = { name: string; content: string; role: "content" | "message" };

/**
 * The rendered message of one attempt as files a person can open: the canonical
 * content.json (its SHA-256 is the content hash stored at send time), an .eml plus HTML
 * and text for an e-mail, the text for SMS, post (cover text; the letter is a document),
 * e-invoice and manual records.
 */
export function renderMessageFiles(attempt: MessageSnapshot): MessageFile[] {
  const files: MessageFile[] = [{ name: "content.json", content: canonicalContent(attempt), role: "content" }];
  if (attempt.channel === "email") {
    files.push({ name: "message.eml", content: renderEml(attempt), role: "message" });
    if (attempt.bodyHtml) files.push({ name: "message.html", content: attempt.bodyHtml, role: "message" });
  }
  const heading = attempt.subject ? `Subject: ${attempt.subject}\n\n` : "";
  files.push({
    name: `${attempt.channel === "sms" ? "sms" : "message"}.txt`,
    content: `To: ${attempt.recipient}\n${heading}${attempt.bodyText}`,
    role: "message",
  });
  return files;
}

/**
 * An RFC 5322 message with the text and HTML bodies as multipart/alternative, so any mail
 * client shows the e-mail as the customer saw it. Written here rather than with a MIME
 * library: it is two base64 parts and a handful of headers, all from the snapshot; the
 * attachments sit beside it in the folder with their hashes.
 */
export function renderEml(attempt: MessageSnapshot): string {
  const boundary = `herald-${attempt.id}`;
  const headers = [
    `To: ${attempt.recipient}`,
    `Subject: ${encodeHeader(attempt.subject ?? "")}`,
    `Date: ${(attempt.sentAt ?? attempt.createdAt).toUTCString().replace("GMT", "+0000")}`,
    ...(attempt.providerMessageId ? [`X-Provider-Message-Id: ${attempt.providerMessageId}`] : []),
    `X-Herald-Attempt-Id: ${attempt.id}`,
    `X-Herald-Content-SHA256: ${attempt.contentSha256}`,
    "MIME-Version: 1.0",
  ];
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: base64", "", base64Lines(body), ""].join("\r\n");
  if (!attempt.bodyHtml) {
    return [
      ...headers,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(attempt.bodyText),
      "",
    ].join("\r\n");
  }
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    part("text/plain", attempt.bodyText) + part("text/html", attempt.bodyHtml) + `--${boundary}--`,
    "",
  ].join("\r\n");
}

// RFC 2047 encoded-word for non-ASCII subjects.
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, "utf8")
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
}
