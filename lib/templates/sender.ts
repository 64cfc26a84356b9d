// The issuing company printed on every message, letter and e-invoice. Herald sends for one
// billing entity; its legal identifiers are what Peppol BIS 3.0 requires of a French seller
// (SIRET endpoint, SIREN legal id, intra-community VAT number).
export const SENDER = {
  name: "Helios Énergie SAS",
  department: { en: "Accounts receivable", fr: "Service comptabilité clients", nl: "Debiteurenbeheer" },
  email: "factures@billing.helios-energie.example",
  website: "https://helios-energie.example",
  phone: "+33 4 72 00 00 00",
  address: { line1: "12 rue de la Lumière", postalCode: "69002", city: "Lyon", country: "FR" },
  siren: "812345676",
  siret: "81234567600017",
  vatNumber: "FR19812345676",
  iban: "FR0230004008230001234567890",
  bic: "BNPAFRPPXXX",
  // Dates on letters and documents are the sender's calendar day, not UTC's.
  timeZone: "Europe/Paris",
} as const;
