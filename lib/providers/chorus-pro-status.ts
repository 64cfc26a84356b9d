import { z } from "zod";
import { chorusProEvent, chorusProFluxEvent, type ChorusProInvoiceStatus } from "@/lib/webhooks/chorus-pro";
import type { StatusAnswer, StatusQuery } from "./types";

// What Chorus Pro says about a deposit, read in three steps (docs/providers.md):
//   1. a deposit returns only the flux number (numeroFluxDepot); transverses/v1/consulterCRDetaille
//      reports the flux's integration (etatCourantDepotFlux, and listeErreurDP for each refused
//      invoice) — ConsulterCR answers the same without the per-invoice errors;
//   2. once integrated (IN_INTEGRE, IN_INTEGRE_PARTIEL), factures/v1/rechercher/fournisseur with
//      the flux number lists its invoices with their identifiantFactureCPP;
//   3. factures/v1/consulter/fournisseur reads that invoice's status, from then on.
// ⚠ Request and response fields from the AIFE API pages on communaute.chorus-pro.gouv.fr
// (ConsulterCRDetaille's example) and community clients; no complete verbatim response was
// found (tests/fixtures/providers/chorus-pro/NOT-FOUND.txt), so everything is read leniently.

export class ChorusProError extends Error {
  constructor(
    message: string,
    /** The HTTP status when Chorus Pro or PISTE answered one: the deposit classifies by it. */
    readonly status?: number,
    /** Chorus Pro's codeRetour when it answered 200 with an error. */
    readonly codeRetour?: number,
  ) {
    super(message);
    this.name = "ChorusProError";
  }
}

/** POSTs a body to a Chorus Pro service and returns its JSON (throws ChorusProError). */
export type ChorusProPost = (path: string, body: unknown, what: string) => Promise<unknown>;

export type ChorusProDepositReport = {
  numeroFluxDepot: string;
  etat: string;
  occurredAt: Date | null;
  /** The invoices Chorus Pro refused, by their number (numeroDP), with its reason. */
  errors: { numeroDP: string | null; libelle: string }[];
  payload: unknown;
};

export type ChorusProFluxInvoice = { identifiantFactureCPP: string; numeroFacture: string | null; statut: string | null };

const envelope = z.object({ codeRetour: z.number(), libelle: z.string().optional() });
const id = z.union([z.number(), z.string()]).transform(String);

const invoiceSchema = z.object({
  identifiantFactureCPP: id.optional(),
  statut: z.string().optional(),
  statutFacture: z.string().optional(),
  statutCourant: z.union([z.string(), z.object({ code: z.string() })]).optional(),
  dateHeureEtatCourant: z.string().optional(),
});
const consultSchema = invoiceSchema.extend({ facture: invoiceSchema.optional() });

const reportSchema = z.object({
  etatCourantDepotFlux: z.string().optional(),
  etatCourantFlux: z.string().optional(),
  dateHeureEtatCourantFlux: z.string().optional(),
  // One error, or a list of them: the AIFE example shows a single object.
  listeErreurDP: z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});
const errorSchema = z.object({ numeroDP: z.string().optional(), libelleErreurDP: z.string().optional() });

const searchSchema = z.object({
  listeFactures: z
    .array(
      z.object({
        identifiantFactureCPP: id,
        numeroFacture: z.string().optional(),
        statut: z.string().optional(),
        statutFacture: z.string().optional(),
      }),
    )
    .optional(),
});

/** The body, once Chorus Pro said codeRetour 0; its error envelope otherwise. */
function success<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.infer<T> {
  const head = envelope.safeParse(payload);
  if (!head.success) throw new ChorusProError(`unexpected Chorus Pro response for ${what}: ${head.error.message}`);
  if (head.data.codeRetour !== 0) {
    const said = head.data.libelle ?? "no message";
    throw new ChorusProError(`Chorus Pro error ${head.data.codeRetour} for ${what}: ${said}`, undefined, head.data.codeRetour);
  }
  const body = schema.safeParse(payload);
  if (!body.success) throw new ChorusProError(`unexpected Chorus Pro response for ${what}: ${body.error.message}`);
  return body.data;
}

function time(value: string | undefined): Date | null {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export function chorusProReads(post: ChorusProPost) {
  return {
    async getInvoiceStatus(identifiantFactureCPP: string): Promise<ChorusProInvoiceStatus> {
      const what = `invoice ${identifiantFactureCPP}`;
      const payload = await post("/factures/v1/consulter/fournisseur", { identifiantFactureCPP: Number(identifiantFactureCPP) }, what);
      const body = success(consultSchema, payload, what);
      const statut = readStatus(body) ?? readStatus(body.facture);
      if (!statut) throw new ChorusProError(`Chorus Pro returned no status for ${what}`);
      return { identifiantFactureCPP, statut, occurredAt: time(body.dateHeureEtatCourant ?? body.facture?.dateHeureEtatCourant), payload };
    },

    async getDepositReport(numeroFluxDepot: string): Promise<ChorusProDepositReport> {
      const what = `deposit flux ${numeroFluxDepot}`;
      const payload = await post("/transverses/v1/consulterCRDetaille", { numeroFluxDepot }, what);
      const body = success(reportSchema, payload, what);
      const etat = body.etatCourantDepotFlux ?? body.etatCourantFlux;
      if (!etat) throw new ChorusProError(`Chorus Pro returned no state for ${what}`);
      const errors = body.listeErreurDP.flatMap((entry) => {
        const error = errorSchema.safeParse(entry);
        return error.success ? [{ numeroDP: error.data.numeroDP ?? null, libelle: error.data.libelleErreurDP ?? "no reason given" }] : [];
      });
      return { numeroFluxDepot, etat, occurredAt: time(body.dateHeureEtatCourantFlux), errors, payload };
    },

    async findInvoicesOfFlux(numeroFluxDepot: string): Promise<ChorusProFluxInvoice[]> {
      const what = `the invoices of deposit flux ${numeroFluxDepot}`;
      const payload = await post("/factures/v1/rechercher/fournisseur", { numeroFluxDepot }, what);
      return (success(searchSchema, payload, what).listeFactures ?? []).map((invoice) => ({
        identifiantFactureCPP: invoice.identifiantFactureCPP,
        numeroFacture: invoice.numeroFacture ?? null,
        statut: invoice.statutFacture ?? invoice.statut ?? null,
      }));
    },
  };
}

export type ChorusProReads = ReturnType<typeof chorusProReads>;

function readStatus(invoice: z.infer<typeof invoiceSchema> | undefined): string | undefined {
  if (!invoice) return undefined;
  const current = typeof invoice.statutCourant === "string" ? invoice.statutCourant : invoice.statutCourant?.code;
  return invoice.statutFacture ?? invoice.statut ?? current;
}

/**
 * identifiantFactureCPP is an integer in Chorus Pro's API; a deposit's numeroFluxDepot is
 * not (AIFE's example: CPP0011110000000000001557). An attempt's message id is the flux
 * until the invoice is found, then the invoice id.
 */
export function isChorusProInvoiceId(providerMessageId: string): boolean {
  return /^\d+$/.test(providerMessageId);
}

const INTEGRATED = new Set(["IN_INTEGRE", "IN_INTEGRE_PARTIEL"]);
/** Chorus Pro's codeRetour when the invoice asked about does not exist. */
const NO_SUCH_INVOICE = 20001;

/** The current status of one attempt's invoice, mapping its deposit flux to the invoice first. */
export async function fetchChorusProStatus(client: ChorusProReads, query: StatusQuery): Promise<StatusAnswer> {
  try {
    if (isChorusProInvoiceId(query.providerMessageId)) {
      const status = await client.getInvoiceStatus(query.providerMessageId);
      return { kind: "events", events: [chorusProEvent(status, query.attemptId)] };
    }
    const report = await client.getDepositReport(query.providerMessageId);
    const refused = report.errors.find((error) => error.numeroDP === query.subjectRef) ?? null;
    if (!INTEGRATED.has(report.etat) || refused) {
      return { kind: "events", events: [chorusProFluxEvent(report, refused, query.attemptId)] };
    }
    const invoices = await client.findInvoicesOfFlux(query.providerMessageId);
    const invoice =
      invoices.find((candidate) => candidate.numeroFacture === query.subjectRef) ?? (invoices.length === 1 ? invoices[0] : null);
    // Integrated but not searchable yet: the flux's own state, until the next round.
    if (!invoice) return { kind: "events", events: [chorusProFluxEvent(report, null, query.attemptId)] };
    const status = await client.getInvoiceStatus(invoice.identifiantFactureCPP);
    return { kind: "events", events: [chorusProEvent(status, query.attemptId)], providerMessageId: invoice.identifiantFactureCPP };
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof ChorusProError && error.codeRetour === NO_SUCH_INVOICE) return { kind: "not_found", message };
    return { kind: "error", message };
  }
}
