import type { contactPoints, customerOptOuts, customerPreferences, customers } from "@/db/schema";
import type { Category } from "@/db/schema/enums";
import { buildCommunication, type BuildContext, type SeedRows } from "./communication";
import { generateCustomer } from "./customers";
import { generateSiret } from "./identifiers";
import { type LetterRequest, renderLetters } from "./letters";
import { DAY_MS } from "./outcomes";
import { applyPersona, SHOWCASES } from "./personas";
import { hash32, Rng, seededUuid, STREAM } from "./random";
import { storyDrafts } from "./stories";
import type { CustomerProfile } from "./types";

// Pure generation: the same options give the same rows, in the same order, whatever
// consumes them. Nothing here touches the database; letters are rendered (asynchronously,
// by lib/templates) once a slice is built.

export type GenerateOptions = {
  communications: number;
  customers: number;
  seed: number;
  now: Date;
  /** Share of stories that also get documents and provider events (1 = all). */
  detailRate: number;
  /** Days back from `now` that communications are spread over. */
  windowDays?: number;
};

/** Raw provider events are purged after this many days (docs/architecture.md §2). */
export const EVENT_RETENTION_DAYS = 62;

export function generateCustomers(options: Pick<GenerateOptions, "customers" | "seed" | "now">): CustomerProfile[] {
  return Array.from({ length: options.customers }, (_, i) => applyPersona(generateCustomer(options.seed, i, options.now), options.seed));
}

export type CustomerRows = {
  customers: (typeof customers.$inferInsert)[];
  contactPoints: (typeof contactPoints.$inferInsert)[];
  preferences: (typeof customerPreferences.$inferInsert)[];
  optOuts: (typeof customerOptOuts.$inferInsert)[];
};

export function customerRows(profiles: CustomerProfile[], seed: number): CustomerRows {
  const rows: CustomerRows = { customers: [], contactPoints: [], preferences: [], optOuts: [] };
  for (const c of profiles) {
    let child = 0;
    const childId = () => seededUuid(seed, STREAM.childId, c.index * 32 + child++);
    rows.customers.push({
      id: c.id,
      externalRef: c.externalRef,
      name: c.name,
      locale: c.locale,
      country: c.country,
      locationGroup: c.locationGroup,
      isPublicSector: c.isPublicSector,
      createdAt: c.createdAt,
      updatedAt: c.createdAt,
    });
    for (const [channel, contact] of Object.entries(c.contacts)) {
      const invalid = c.invalidated[channel as keyof typeof c.invalidated];
      rows.contactPoints.push({
        id: childId(),
        customerId: c.id,
        channel: channel as keyof typeof c.contacts,
        address: contact.address,
        postal: contact.postal ?? null,
        isPrimary: true,
        invalidAt: invalid?.at ?? null,
        invalidReason: invalid?.reason ?? null,
        createdAt: c.createdAt,
      });
    }
    for (const extra of c.secondary) {
      rows.contactPoints.push({
        id: childId(),
        customerId: c.id,
        channel: extra.channel,
        address: extra.address,
        postal: null,
        isPrimary: false,
        invalidAt: null,
        invalidReason: null,
        createdAt: c.createdAt,
      });
    }
    const updatedAt = new Date(c.createdAt.getTime() + DAY_MS);
    rows.preferences.push({ id: childId(), customerId: c.id, category: null, channels: c.preferences.channels, updatedAt });
    for (const [category, channels] of Object.entries(c.preferences.byCategory)) {
      rows.preferences.push({ id: childId(), customerId: c.id, category: category as Category, channels, updatedAt });
    }
    for (const optOut of c.optOuts) {
      rows.optOuts.push({
        id: childId(),
        customerId: c.id,
        channel: optOut.channel,
        category: optOut.category,
        source: optOut.source,
        createdAt: updatedAt,
      });
    }
  }
  return rows;
}

export function emptySeedRows(): SeedRows {
  return { communications: [], attempts: [], documents: [], attemptDocuments: [], providerEvents: [], auditEvents: [], suppressions: [] };
}

/**
 * Yields the communications (with everything hanging off them) in slices of about
 * `sliceSize`, so a caller can write one slice while the next is generated and memory
 * stays flat at any scale.
 */
export async function* generateCommunications(
  options: GenerateOptions,
  profiles: CustomerProfile[],
  sliceSize = 500,
): AsyncGenerator<SeedRows> {
  const { seed, now } = options;
  const ctx: BuildContext = {
    seed,
    now,
    retentionSince: new Date(now.getTime() - EVENT_RETENTION_DAYS * DAY_MS),
    sellerEndpoint: `0009:${generateSiret(new Rng(hash32(seed, 0x5e11e7)))}`,
  };
  const storyContext = { now, customers: profiles, windowDays: options.windowDays ?? 120 };
  let commIndex = 0;
  let story = 0;
  while (commIndex < options.communications) {
    const out = emptySeedRows();
    const letters: LetterRequest[] = [];
    while (out.communications.length < sliceSize && commIndex < options.communications) {
      const rng = Rng.for(seed, STREAM.story, story);
      // Decided by a hash, not by `rng`, so the rate does not change the story itself.
      const detail = story < SHOWCASES.length || hash32(seed, 0xde7a11, story) / 2 ** 32 < options.detailRate;
      for (const draft of storyDrafts(storyContext, story, rng)) {
        if (commIndex >= options.communications) break;
        const letter = buildCommunication(ctx, draft, commIndex++, rng, detail, out);
        if (letter) letters.push(letter);
      }
      story++;
    }
    await renderLetters(letters, out);
    yield out;
  }
}
