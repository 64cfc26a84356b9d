import type { Category } from "@/db/schema/enums";

// Demo template texts (en, fr). Placeholders in {{double braces}} are filled from the
// communication's template data when an attempt is rendered.

export type TemplateText = { subject: string; body: string; sms: string; einvoice: string; manual: string };

const SIGN_EN = "Kind regards,\n{{company}} — Accounts receivable";
const SIGN_FR = "Cordialement,\n{{company}} — Service comptabilité clients";

export const TEMPLATE_TEXTS: Record<Category, Record<"en" | "fr", TemplateText>> = {
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
  },
};

export const REMINDER_LEVELS: Record<"en" | "fr", readonly string[]> = {
  en: ["First reminder", "Second reminder", "Final notice"],
  fr: ["Premier rappel", "Deuxième rappel", "Dernier rappel avant recouvrement"],
};
