import type { Category, Channel } from "@/db/schema/enums";
import type { PostalAddress } from "@/db/schema";

export type Contact = {
  address: string;
  postal?: PostalAddress;
  /** Passes pre-send validation and has not been invalidated by a hard failure. */
  usable: boolean;
};

/** What story generation needs to know about a customer (rows are built from it too). */
export type CustomerProfile = {
  index: number;
  id: string;
  externalRef: string;
  name: string;
  locale: string;
  country: string;
  locationGroup: string | null;
  isPublicSector: boolean;
  createdAt: Date;
  emailProvider: "resend" | "sendgrid";
  contacts: Partial<Record<Exclude<Channel, "manual">, Contact>>;
  /** Extra, non-primary contact points (a second mailbox, a landline). */
  secondary: { channel: Channel; address: string }[];
  invalidated: Partial<Record<Channel, { at: Date; reason: string }>>;
  preferences: { channels: Channel[]; byCategory: Partial<Record<Category, Channel[]>> };
  optOuts: { channel: Channel; category: Category | null; source: string }[];
};
