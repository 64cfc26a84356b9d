// Word lists for plausible French, Belgian and other European customers.

export type Place = {
  city: string;
  postalCode: string;
  country: string;
  locationGroup: string | null;
  /** Locales spoken there, most common first. */
  locales: readonly string[];
  weight: number;
};

// Data tables keep one entry per line (prettier-ignore): they read as tables.
// prettier-ignore
export const PLACES: readonly Place[] = [
  { city: "Paris", postalCode: "750", country: "FR", locationGroup: "Paris", locales: ["fr"], weight: 22 },
  { city: "Boulogne-Billancourt", postalCode: "92100", country: "FR", locationGroup: "Paris", locales: ["fr"], weight: 4 },
  { city: "Lyon", postalCode: "6900", country: "FR", locationGroup: "Lyon", locales: ["fr"], weight: 10 },
  { city: "Villeurbanne", postalCode: "69100", country: "FR", locationGroup: "Lyon", locales: ["fr"], weight: 3 },
  { city: "Marseille", postalCode: "130", country: "FR", locationGroup: "Marseille", locales: ["fr"], weight: 7 },
  { city: "Lille", postalCode: "59000", country: "FR", locationGroup: "Lille", locales: ["fr"], weight: 5 },
  { city: "Bordeaux", postalCode: "33000", country: "FR", locationGroup: "Bordeaux", locales: ["fr"], weight: 5 },
  { city: "Toulouse", postalCode: "31000", country: "FR", locationGroup: "Toulouse", locales: ["fr"], weight: 5 },
  { city: "Nantes", postalCode: "44000", country: "FR", locationGroup: "Nantes", locales: ["fr"], weight: 4 },
  { city: "Strasbourg", postalCode: "67000", country: "FR", locationGroup: "Strasbourg", locales: ["fr", "de"], weight: 3 },
  { city: "Rennes", postalCode: "35000", country: "FR", locationGroup: null, locales: ["fr"], weight: 2 },
  { city: "Bruxelles", postalCode: "1000", country: "BE", locationGroup: "Brussels", locales: ["fr", "nl", "en"], weight: 9 },
  { city: "Ixelles", postalCode: "1050", country: "BE", locationGroup: "Brussels", locales: ["fr", "nl"], weight: 2 },
  { city: "Antwerpen", postalCode: "2000", country: "BE", locationGroup: "Antwerp", locales: ["nl", "en"], weight: 4 },
  { city: "Gent", postalCode: "9000", country: "BE", locationGroup: "Ghent", locales: ["nl"], weight: 3 },
  { city: "Liège", postalCode: "4000", country: "BE", locationGroup: "Liège", locales: ["fr"], weight: 3 },
  { city: "Namur", postalCode: "5000", country: "BE", locationGroup: null, locales: ["fr"], weight: 1 },
  { city: "Luxembourg", postalCode: "L-1", country: "LU", locationGroup: "Luxembourg", locales: ["fr", "de", "en"], weight: 2 },
  { city: "Genève", postalCode: "120", country: "CH", locationGroup: "Geneva", locales: ["fr"], weight: 2 },
  { city: "Amsterdam", postalCode: "10", country: "NL", locationGroup: "Remote", locales: ["nl", "en"], weight: 2 },
  { city: "Köln", postalCode: "506", country: "DE", locationGroup: "Remote", locales: ["de", "en"], weight: 2 },
  { city: "Barcelona", postalCode: "080", country: "ES", locationGroup: "Remote", locales: ["es", "en"], weight: 1 },
  { city: "Dublin", postalCode: "D0", country: "IE", locationGroup: "Remote", locales: ["en"], weight: 1 },
  { city: "London", postalCode: "EC1A ", country: "GB", locationGroup: "Remote", locales: ["en"], weight: 1 },
];

// prettier-ignore
export const FR_SURNAMES = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
  "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
  "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
  "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
] as const;

// prettier-ignore
export const BE_SURNAMES = [
  "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
  "Dubois", "Lambert", "Dupont", "Van Damme", "Hermans", "Michiels", "Vermeulen", "Desmet", "Leclercq", "Renard",
] as const;

// prettier-ignore
export const OTHER_SURNAMES = [
  "Schneider", "Fischer", "Weber", "Becker", "De Vries", "Van Dijk", "Bakker", "Murphy", "O'Brien", "Smith",
  "García", "Fernández", "Rossi", "Bianchi", "Hansen", "Nielsen", "Schmit", "Weber", "Meier", "Keller",
] as const;

// prettier-ignore
export const FIRST_NAMES = [
  "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Claire", "Élodie", "Sophie",
  "Lucas", "Hugo", "Louis", "Nathan", "Thomas", "Julien", "Antoine", "Nicolas", "Mathieu", "Pierre",
  "Lotte", "Emma", "Noor", "Jan", "Pieter", "Wout", "Anna", "Lukas", "Seán", "Marta",
] as const;

// prettier-ignore
export const FR_TRADES = [
  "Boulangerie", "Boucherie", "Pharmacie", "Garage", "Cabinet", "Atelier", "Transports", "Menuiserie",
  "Plomberie", "Imprimerie", "Librairie", "Fromagerie", "Cave", "Hôtel", "Restaurant", "Agence",
  "Laboratoire", "Clinique vétérinaire", "Électricité", "Maçonnerie", "Studio", "Ferme", "Brasserie",
] as const;

// prettier-ignore
export const FR_INVENTED = [
  "Lumière", "Horizon", "Azur", "Mistral", "Bel Air", "Les Tilleuls", "Grand Sud", "Rive Gauche",
  "Océane", "Alpine", "Vauban", "Saint-Exupéry", "Provence", "Atlantique", "Bastide", "Cévennes",
] as const;

// prettier-ignore
export const FR_ACTIVITIES = [
  "Conseil", "Services", "Solutions", "Distribution", "Logistique", "Énergie", "Informatique",
  "Immobilier", "Bâtiment", "Nettoyage", "Sécurité", "Formation", "Événements", "Paysage",
] as const;

export const FR_LEGAL = ["SARL", "SAS", "SA", "SASU", "EURL", "SCI", "SNC"] as const;
export const BE_LEGAL = ["SRL", "BV", "SA", "NV", "SC", "ASBL"] as const;
export const NL_TRADES = ["Bakkerij", "Drukkerij", "Transport", "Bouwbedrijf", "Brouwerij", "Tuincentrum"] as const;
export const OTHER_TRADES = ["Logistik", "Consulting", "Trading", "Software", "Design", "Freight", "Foods"] as const;
// prettier-ignore
export const OTHER_LEGAL: Record<string, readonly string[]> = {
  DE: ["GmbH", "AG", "KG"],
  NL: ["B.V.", "N.V."],
  LU: ["S.à r.l.", "S.A."],
  CH: ["SA", "Sàrl", "AG"],
  ES: ["S.L.", "S.A."],
  IE: ["Ltd", "DAC"],
  GB: ["Ltd", "LLP"],
};

// prettier-ignore
export const PUBLIC_BODIES = [
  "Mairie de", "Communauté d'agglomération de", "Centre hospitalier de", "Lycée Jean Moulin de",
  "Collège Victor Hugo de", "Conseil départemental de", "Syndicat des eaux de", "CCAS de", "Médiathèque de",
] as const;

// prettier-ignore
export const FR_STREETS = [
  "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Voltaire", "rue Pasteur",
  "place de la Mairie", "rue du Général de Gaulle", "avenue des Champs", "rue Nationale", "quai des Chartrons",
  "rue de la Paix", "chemin des Vignes", "allée des Tilleuls", "rue Gambetta", "cours Lafayette",
] as const;

// prettier-ignore
export const BE_STREETS = [
  "rue Royale", "avenue Louise", "Meir", "Korenmarkt", "rue Neuve", "Veldstraat", "boulevard d'Avroy",
  "chaussée de Charleroi", "Kouter", "Nationalestraat",
] as const;

// prettier-ignore
export const OTHER_STREETS: Record<string, readonly string[]> = {
  LU: ["Grand-Rue", "avenue de la Liberté", "rue de Hollerich", "boulevard Royal"],
  CH: ["rue du Rhône", "rue de Lausanne", "quai du Mont-Blanc", "rue de Carouge"],
  NL: ["Keizersgracht", "Damrak", "Prinsengracht", "Overtoom"],
  DE: ["Hauptstraße", "Hohe Straße", "Ehrenstraße", "Aachener Straße"],
  ES: ["Carrer de Mallorca", "Passeig de Gràcia", "Carrer d'Aragó", "Via Augusta"],
  IE: ["Grafton Street", "Baggot Street", "Dame Street", "Camden Street"],
  GB: ["High Street", "Old Street", "Goswell Road", "St John Street"],
};

export const MAILBOXES = ["factures", "comptabilite", "compta", "billing", "accounts", "ap", "finance", "admin", "contact"] as const;

// prettier-ignore
export const STAFF = [
  "claire.martin@herald.example",
  "julien.moreau@herald.example",
  "lotte.peeters@herald.example",
  "sofia.garcia@herald.example",
] as const;

// prettier-ignore
export const IGNORE_REASONS = [
  "Customer closed — balance written off",
  "Duplicate of a communication sent from the old system",
  "Customer paid at the counter; reminder no longer relevant",
  "Address under dispute, handled by the account manager",
  "Sent by hand at the meeting",
] as const;
