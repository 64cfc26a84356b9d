// One package per component: the @react-email/components barrel also loads Tailwind's
// compiler, code highlighting and markdown (≈1.3 s per cold start) that no Herald e-mail uses.
import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
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
