import { SegmentedMessage } from "sms-segments-calculator";

// SMS text is billed per segment: 160 GSM-7 characters (153 when concatenated), but one
// character outside GSM-7 switches the whole message to UCS-2 at 70 (67). Intl's money and
// date formats use no-break spaces, which are not GSM-7, so they become plain spaces here.

export type SmsEncoding = "GSM-7" | "UCS-2";

export function toSmsText(text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, " ");
}

export function countSmsSegments(text: string): { segments: number; encoding: SmsEncoding } {
  const message = new SegmentedMessage(text);
  return { segments: message.segmentsCount, encoding: message.encodingName as SmsEncoding };
}
