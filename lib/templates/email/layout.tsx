import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { TemplateLocale } from "../locale";
import { SENDER } from "../sender";

// The frame every Herald e-mail shares: sender header, content card, legal footer. Inline
// styles only — mail clients ignore stylesheets.

export function EmailLayout({ locale, preview, children }: { locale: TemplateLocale; preview: string; children: ReactNode }) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.brand}>{SENDER.name}</Text>
          </Section>
          <Section style={styles.card}>{children}</Section>
          <Hr style={styles.rule} />
          <Text style={styles.footer}>
            {SENDER.name} · {SENDER.address.line1}, {SENDER.address.postalCode} {SENDER.address.city} · SIRET {SENDER.siret} · {VAT[locale]}{" "}
            {SENDER.vatNumber}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

const VAT: Record<TemplateLocale, string> = { en: "VAT", fr: "TVA", nl: "Btw" };

const styles = {
  body: { backgroundColor: "#f3f4f6", fontFamily: "Arial, Helvetica, sans-serif", color: "#1f2937", margin: 0, padding: "24px 0" },
  container: { maxWidth: "560px", margin: "0 auto" },
  header: { padding: "0 24px 12px" },
  brand: { fontSize: "18px", fontWeight: 700, color: "#b45309", margin: 0 },
  card: { backgroundColor: "#ffffff", borderRadius: "8px", padding: "24px" },
  rule: { borderColor: "#e5e7eb", margin: "24px 0 12px" },
  footer: { fontSize: "12px", lineHeight: "18px", color: "#6b7280", padding: "0 24px", margin: 0 },
} as const;
