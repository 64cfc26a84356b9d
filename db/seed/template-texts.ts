import type { Category } from "@/db/schema/enums";

// Demo template texts (en, fr, nl). Placeholders in {{double braces}} are filled from the
// communication's template data when an attempt is rendered.

export type TemplateText = { subject: string; body: string; sms: string; einvoice: string; manual: string };

const SIGN_EN = "Kind regards,\n{{company}} — Accounts receivable";
const SIGN_FR = "Cordialement,\n{{company}} — Service comptabilité clients";
const SIGN_NL = "Met vriendelijke groeten,\n{{company}} — Debiteurenbeheer";

export const TEMPLATE_TEXTS: Record<Category, Record<"en" | "fr" | "nl", TemplateText>> = {
  invoice: {
    en: {
      subject: "Invoice {{ref}} from {{company}}",
      body: `Dear {{customerName}},\n\nPlease find attached invoice {{ref}} for {{amount}}, due on {{dueDate}}.\nYou can also view and pay it online: {{link}}\n\n${SIGN_EN}`,
      sms: "{{company}}: invoice {{ref}} for {{amount}} is due on {{dueDate}}. View and pay: {{link}}",
      einvoice: "Invoice {{ref}} ({{amount}}, due {{dueDate}}) issued to {{customerName}}.",
      manual: "Hand invoice {{ref}} ({{amount}}) to {{customerName}} and record it as done.",
    },
    fr: {
      subject: "Facture {{ref}} de {{company}}",
      body: `Bonjour {{customerName}},\n\nVeuillez trouver ci-joint la facture {{ref}} d'un montant de {{amount}}, à régler avant le {{dueDate}}.\nVous pouvez aussi la consulter et la payer en ligne : {{link}}\n\n${SIGN_FR}`,
      sms: "{{company}} : facture {{ref}} de {{amount}} à régler avant le {{dueDate}}. Consulter et payer : {{link}}",
      einvoice: "Facture {{ref}} ({{amount}}, échéance {{dueDate}}) émise à {{customerName}}.",
      manual: "Remettre la facture {{ref}} ({{amount}}) à {{customerName}} puis l'enregistrer comme faite.",
    },
    nl: {
      subject: "Factuur {{ref}} van {{company}}",
      body: `Beste {{customerName}},\n\nIn bijlage vindt u factuur {{ref}} van {{amount}}, te betalen vóór {{dueDate}}.\nU kunt ze ook online bekijken en betalen: {{link}}\n\n${SIGN_NL}`,
      sms: "{{company}}: factuur {{ref}} van {{amount}} vervalt op {{dueDate}}. Bekijken en betalen: {{link}}",
      einvoice: "Factuur {{ref}} ({{amount}}, vervaldatum {{dueDate}}) uitgereikt aan {{customerName}}.",
      manual: "Bezorg factuur {{ref}} ({{amount}}) aan {{customerName}} en registreer dat het gedaan is.",
    },
  },
  reminder: {
    en: {
      subject: "{{level}}: invoice {{ref}} is overdue",
      body: `Dear {{customerName}},\n\nOur records show that invoice {{ref}} for {{amount}}, due on {{dueDate}}, is still unpaid.\nPlease settle it at your earliest convenience: {{link}}\nIf you have already paid, please disregard this message.\n\n${SIGN_EN}`,
      sms: "{{company}}: {{level}} — invoice {{ref}} ({{amount}}) was due on {{dueDate}}. Pay: {{link}}",
      einvoice: "{{level}} for invoice {{ref}} ({{amount}}, due {{dueDate}}).",
      manual: "Call {{customerName}} about overdue invoice {{ref}} ({{amount}}) and record the call.",
    },
    fr: {
      subject: "{{level}} : facture {{ref}} impayée",
      body: `Bonjour {{customerName}},\n\nSauf erreur de notre part, la facture {{ref}} d'un montant de {{amount}}, échue le {{dueDate}}, reste impayée.\nMerci de procéder à son règlement dans les meilleurs délais : {{link}}\nSi vous avez déjà réglé, merci de ne pas tenir compte de ce message.\n\n${SIGN_FR}`,
      sms: "{{company}} : {{level}} — facture {{ref}} ({{amount}}) échue le {{dueDate}}. Payer : {{link}}",
      einvoice: "{{level}} pour la facture {{ref}} ({{amount}}, échéance {{dueDate}}).",
      manual: "Appeler {{customerName}} au sujet de la facture impayée {{ref}} ({{amount}}) et noter l'appel.",
    },
    nl: {
      subject: "{{level}}: factuur {{ref}} is vervallen",
      body: `Beste {{customerName}},\n\nVolgens onze gegevens is factuur {{ref}} van {{amount}}, vervallen op {{dueDate}}, nog niet betaald.\nGelieve ze zo spoedig mogelijk te betalen: {{link}}\nHebt u intussen al betaald, dan mag u dit bericht als onbestaande beschouwen.\n\n${SIGN_NL}`,
      sms: "{{company}}: {{level}} — factuur {{ref}} ({{amount}}) verviel op {{dueDate}}. Betalen: {{link}}",
      einvoice: "{{level}} voor factuur {{ref}} ({{amount}}, vervaldatum {{dueDate}}).",
      manual: "Bel {{customerName}} over vervallen factuur {{ref}} ({{amount}}) en noteer het gesprek.",
    },
  },
  payment_confirmation: {
    en: {
      subject: "Payment received for invoice {{ref}}",
      body: `Dear {{customerName}},\n\nWe have received your payment of {{amount}} for invoice {{ref}}. Thank you!\n\n${SIGN_EN}`,
      sms: "{{company}}: we received your payment of {{amount}} for invoice {{ref}}. Thank you!",
      einvoice: "Payment of {{amount}} received for invoice {{ref}}.",
      manual: "Confirm to {{customerName}} that the payment for {{ref}} was received.",
    },
    fr: {
      subject: "Paiement reçu pour la facture {{ref}}",
      body: `Bonjour {{customerName}},\n\nNous avons bien reçu votre paiement de {{amount}} pour la facture {{ref}}. Merci !\n\n${SIGN_FR}`,
      sms: "{{company}} : nous avons bien reçu votre paiement de {{amount}} pour la facture {{ref}}. Merci !",
      einvoice: "Paiement de {{amount}} reçu pour la facture {{ref}}.",
      manual: "Confirmer à {{customerName}} la réception du paiement de la facture {{ref}}.",
    },
    nl: {
      subject: "Betaling ontvangen voor factuur {{ref}}",
      body: `Beste {{customerName}},\n\nWe hebben uw betaling van {{amount}} voor factuur {{ref}} goed ontvangen. Hartelijk dank!\n\n${SIGN_NL}`,
      sms: "{{company}}: we hebben uw betaling van {{amount}} voor factuur {{ref}} ontvangen. Hartelijk dank!",
      einvoice: "Betaling van {{amount}} ontvangen voor factuur {{ref}}.",
      manual: "Bevestig aan {{customerName}} dat de betaling voor {{ref}} ontvangen is.",
    },
  },
  statement: {
    en: {
      subject: "Your statement of account — {{period}}",
      body: `Dear {{customerName}},\n\nPlease find attached your statement of account for {{period}}. Open balance: {{amount}}.\nDetails online: {{link}}\n\n${SIGN_EN}`,
      sms: "{{company}}: your statement for {{period}} is available. Open balance {{amount}}: {{link}}",
      einvoice: "Statement of account for {{period}}: open balance {{amount}}.",
      manual: "Give {{customerName}} the statement for {{period}} (balance {{amount}}).",
    },
    fr: {
      subject: "Votre relevé de compte — {{period}}",
      body: `Bonjour {{customerName}},\n\nVeuillez trouver ci-joint votre relevé de compte pour {{period}}. Solde ouvert : {{amount}}.\nDétail en ligne : {{link}}\n\n${SIGN_FR}`,
      sms: "{{company}} : votre relevé de {{period}} est disponible. Solde {{amount}} : {{link}}",
      einvoice: "Relevé de compte {{period}} : solde ouvert {{amount}}.",
      manual: "Remettre à {{customerName}} le relevé de {{period}} (solde {{amount}}).",
    },
    nl: {
      subject: "Uw rekeningoverzicht — {{period}}",
      body: `Beste {{customerName}},\n\nIn bijlage vindt u uw rekeningoverzicht van {{period}}. Openstaand saldo: {{amount}}.\nDetails online: {{link}}\n\n${SIGN_NL}`,
      sms: "{{company}}: uw rekeningoverzicht van {{period}} is beschikbaar. Openstaand saldo {{amount}}: {{link}}",
      einvoice: "Rekeningoverzicht van {{period}}: openstaand saldo {{amount}}.",
      manual: "Bezorg {{customerName}} het overzicht van {{period}} (saldo {{amount}}).",
    },
  },
  contract: {
    en: {
      subject: "Your contract {{ref}}",
      body: `Dear {{customerName}},\n\nPlease find attached contract {{ref}}. Please review it and sign it online: {{link}}\n\n${SIGN_EN}`,
      sms: "{{company}}: contract {{ref}} is ready to sign: {{link}}",
      einvoice: "Contract {{ref}} for {{customerName}}.",
      manual: "Have {{customerName}} sign contract {{ref}} in person and record it.",
    },
    fr: {
      subject: "Votre contrat {{ref}}",
      body: `Bonjour {{customerName}},\n\nVeuillez trouver ci-joint le contrat {{ref}}. Merci de le relire et de le signer en ligne : {{link}}\n\n${SIGN_FR}`,
      sms: "{{company}} : le contrat {{ref}} est prêt à signer : {{link}}",
      einvoice: "Contrat {{ref}} pour {{customerName}}.",
      manual: "Faire signer le contrat {{ref}} à {{customerName}} en personne puis l'enregistrer.",
    },
    nl: {
      subject: "Uw contract {{ref}}",
      body: `Beste {{customerName}},\n\nIn bijlage vindt u contract {{ref}}. Gelieve het na te lezen en online te ondertekenen: {{link}}\n\n${SIGN_NL}`,
      sms: "{{company}}: contract {{ref}} is klaar om te ondertekenen: {{link}}",
      einvoice: "Contract {{ref}} voor {{customerName}}.",
      manual: "Laat {{customerName}} contract {{ref}} ter plaatse ondertekenen en registreer het.",
    },
  },
  credit_note: {
    en: {
      subject: "Credit note {{ref}} for invoice {{invoiceRef}}",
      body: `Dear {{customerName}},\n\nPlease find attached credit note {{ref}} of {{amount}} against invoice {{invoiceRef}}.\n\n${SIGN_EN}`,
      sms: "{{company}}: credit note {{ref}} of {{amount}} issued against invoice {{invoiceRef}}.",
      einvoice: "Credit note {{ref}} ({{amount}}) against invoice {{invoiceRef}}.",
      manual: "Hand credit note {{ref}} ({{amount}}) to {{customerName}}.",
    },
    fr: {
      subject: "Avoir {{ref}} sur la facture {{invoiceRef}}",
      body: `Bonjour {{customerName}},\n\nVeuillez trouver ci-joint l'avoir {{ref}} de {{amount}} sur la facture {{invoiceRef}}.\n\n${SIGN_FR}`,
      sms: "{{company}} : avoir {{ref}} de {{amount}} émis sur la facture {{invoiceRef}}.",
      einvoice: "Avoir {{ref}} ({{amount}}) sur la facture {{invoiceRef}}.",
      manual: "Remettre l'avoir {{ref}} ({{amount}}) à {{customerName}}.",
    },
    nl: {
      subject: "Creditnota {{ref}} voor factuur {{invoiceRef}}",
      body: `Beste {{customerName}},\n\nIn bijlage vindt u creditnota {{ref}} van {{amount}} op factuur {{invoiceRef}}.\n\n${SIGN_NL}`,
      sms: "{{company}}: creditnota {{ref}} van {{amount}} opgemaakt op factuur {{invoiceRef}}.",
      einvoice: "Creditnota {{ref}} ({{amount}}) op factuur {{invoiceRef}}.",
      manual: "Bezorg creditnota {{ref}} ({{amount}}) aan {{customerName}}.",
    },
  },
  welcome: {
    en: {
      subject: "Welcome to {{company}}",
      body: `Dear {{customerName}},\n\nWelcome! Your customer account {{ref}} is ready. Invoices and statements will reach you by your preferred channel; you can change it any time: {{link}}\n\n${SIGN_EN}`,
      sms: "Welcome to {{company}}! Your customer account {{ref}} is ready: {{link}}",
      einvoice: "Customer account {{ref}} opened for {{customerName}}.",
      manual: "Welcome {{customerName}} (account {{ref}}) and hand over the welcome pack.",
    },
    fr: {
      subject: "Bienvenue chez {{company}}",
      body: `Bonjour {{customerName}},\n\nBienvenue ! Votre compte client {{ref}} est ouvert. Factures et relevés vous parviendront par le canal de votre choix, modifiable à tout moment : {{link}}\n\n${SIGN_FR}`,
      sms: "Bienvenue chez {{company}} ! Votre compte client {{ref}} est ouvert : {{link}}",
      einvoice: "Compte client {{ref}} ouvert pour {{customerName}}.",
      manual: "Accueillir {{customerName}} (compte {{ref}}) et remettre le dossier de bienvenue.",
    },
    nl: {
      subject: "Welkom bij {{company}}",
      body: `Beste {{customerName}},\n\nWelkom! Uw klantenrekening {{ref}} is klaar. Facturen en overzichten bereiken u via het kanaal van uw keuze; u kunt het altijd wijzigen: {{link}}\n\n${SIGN_NL}`,
      sms: "Welkom bij {{company}}! Uw klantenrekening {{ref}} is klaar: {{link}}",
      einvoice: "Klantenrekening {{ref}} geopend voor {{customerName}}.",
      manual: "Verwelkom {{customerName}} (rekening {{ref}}) en overhandig het welkomstpakket.",
    },
  },
};

export const REMINDER_LEVELS: Record<"en" | "fr" | "nl", readonly string[]> = {
  en: ["First reminder", "Second reminder", "Final notice"],
  fr: ["Premier rappel", "Deuxième rappel", "Dernier rappel avant recouvrement"],
  nl: ["Eerste herinnering", "Tweede herinnering", "Laatste aanmaning"],
};
