import { type AttemptStatus, FAILURE_CLASS, STATUS } from "@/lib/status";
import { type EventEffect, type ProviderEvent, statusEffect } from "./provider-event";

// Chorus Pro has no webhooks: lib/providers/chorus-pro-polling.ts polls each open invoice
// and turns its status into a provider event here, so polling feeds the same store-then-
// apply path as a webhook. The event key is `${identifiantFactureCPP}:${statut}`: polling
// the same status twice stores it once. Until the deposit flux is mapped to its invoice
// (lib/providers/chorus-pro-status.ts) the flux's own integration state is the event,
// keyed `${numeroFluxDepot}:${etat}`. Status vocabulary: docs/providers.md (⚠ from
// community clients; no official list was read).

export type ChorusProInvoiceStatus = {
  identifiantFactureCPP: string;
  statut: string;
  occurredAt: Date | null;
  payload: unknown;
};

/** The flux's integration report, as chorus-pro-status.ts reads it. */
export type ChorusProFluxReport = { numeroFluxDepot: string; etat: string; occurredAt: Date | null; payload: unknown };

/** `attemptIdHint`: the attempt polled, whose message id may still be the deposit flux. */
export function chorusProEvent(status: ChorusProInvoiceStatus, attemptIdHint: string | null = null): ProviderEvent {
  return {
    provider: "chorus_pro",
    eventKey: `${status.identifiantFactureCPP}:${status.statut}`,
    eventType: status.statut,
    providerMessageId: status.identifiantFactureCPP,
    attemptIdHint,
    occurredAt: status.occurredAt,
    payload: status.payload,
    effect: chorusProEffect(status.statut),
  };
}

/**
 * The deposit flux, before its invoice is known: its integration state, or — when Chorus
 * Pro refused this invoice in a flux it otherwise integrated — that refusal.
 */
export function chorusProFluxEvent(
  report: ChorusProFluxReport,
  refused: { libelle: string } | null,
  attemptIdHint: string | null,
): ProviderEvent {
  return {
    provider: "chorus_pro",
    eventKey: `${report.numeroFluxDepot}:${report.etat}${refused ? ":refused" : ""}`,
    eventType: report.etat,
    providerMessageId: report.numeroFluxDepot,
    attemptIdHint,
    occurredAt: report.occurredAt,
    payload: report.payload,
    effect: refused
      ? statusEffect("einvoice", STATUS.rejected, "Rejected", {
          failureClass: FAILURE_CLASS.permanent_content,
          errorCode: report.etat,
          errorMessage: `Chorus Pro refused the invoice when integrating the deposit (${report.etat}): ${refused.libelle} — correct the invoice and send it again`,
        })
      : chorusProEffect(report.etat),
  };
}

const PROGRESS: Record<string, AttemptStatus> = {
  // Deposited, and the flux being integrated.
  DEPOSEE: STATUS.accepted,
  IN_RECU: STATUS.accepted,
  IN_TRAITE_SE_CPP: STATUS.accepted,
  IN_EN_ATTENTE_TRAITEMENT_CPP: STATUS.accepted,
  IN_EN_COURS_TRAITEMENT_CPP: STATUS.accepted,
  IN_EN_ATTENTE_RETRAITEMENT_CPP: STATUS.accepted,
  IN_INTEGRE: STATUS.accepted,
  IN_INTEGRE_PARTIEL: STATUS.accepted,
  // On its way to the buyer (or its validator).
  EN_COURS_ACHEMINEMENT: STATUS.sent,
  A_VALIDER_1: STATUS.sent,
  A_VALIDER_2: STATUS.sent,
  // Made available to the buyer, and every business step after it.
  MISE_A_DISPOSITION: STATUS.delivered,
  COMPLETEE: STATUS.delivered,
  SERVICE_FAIT: STATUS.delivered,
  MANDATEE: STATUS.delivered,
  MISE_EN_PAIEMENT: STATUS.delivered,
  COMPTABILISEE: STATUS.delivered,
  MISE_A_DISPOSITION_COMPTABLE: STATUS.delivered,
};

const REJECTIONS: Record<string, string> = {
  REJETEE:
    "Rejected by the public buyer in Chorus Pro (REJETEE) — read the rejection reason in Chorus Pro, correct the invoice and issue it again",
  IN_REJETE:
    "Chorus Pro refused the deposited file (IN_REJETE) — check the file format, the buyer's SIRET and service code, then send it again",
  REFUSEE_1:
    "Refused by the buyer's validator in Chorus Pro (REFUSEE_1) — read the reason in Chorus Pro, correct the invoice and issue it again",
  REFUSEE_2:
    "Refused by the buyer's second validator in Chorus Pro (REFUSEE_2) — read the reason in Chorus Pro, correct the invoice and issue it again",
};

// Waiting on someone, not a verdict: shown in the timeline, no status change.
const NOTICES: Record<string, string> = {
  SUSPENDUE: "The buyer suspended the invoice (SUSPENDUE) — complete it in Chorus Pro with the missing documents",
  A_RECYCLER: "The buyer asked to re-route the invoice (A_RECYCLER) — check the service code with the buyer",
  IN_INCIDENTE: "Chorus Pro hit an incident integrating the file (IN_INCIDENTE); it is processed again automatically",
  ABANDONNEE: "The invoice was abandoned in Chorus Pro (ABANDONNEE)",
  SUPPRIMEE: "The invoice was deleted in Chorus Pro (SUPPRIMEE)",
};

export function chorusProEffect(statut: string): EventEffect {
  const progress = PROGRESS[statut];
  if (progress) return statusEffect("einvoice", progress);
  const rejection = REJECTIONS[statut];
  if (rejection) {
    return statusEffect("einvoice", STATUS.rejected, "Rejected", {
      failureClass: FAILURE_CLASS.permanent_content,
      errorCode: statut,
      errorMessage: rejection,
    });
  }
  const notice = NOTICES[statut];
  if (notice) return { kind: "informational", detail: notice };
  return { kind: "unrecognised", detail: `Chorus Pro status "${statut}" is not one Herald tracks` };
}
