import { Button } from "@react-email/button";
import { Column } from "@react-email/column";
import { Row } from "@react-email/row";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { Composition } from "../copy/types";
import type { TemplateLocale } from "../locale";
import { EmailLayout } from "./layout";

// One component for every category: the category's composition decides the words, this
// decides how they look (greeting, paragraphs, key figures, call to action, sign-off).

export function MessageEmail({ composition, locale, signOff }: { composition: Composition; locale: TemplateLocale; signOff: string[] }) {
  return (
    <EmailLayout locale={locale} preview={composition.summary}>
      <Text style={styles.text}>{composition.greeting}</Text>
      {composition.paragraphs.map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          {paragraph}
        </Text>
      ))}
      {composition.facts.length > 0 && (
        <Section style={styles.facts}>
          {composition.facts.map((fact) => (
            <Row key={fact.label}>
              <Column style={styles.factLabel}>{fact.label}</Column>
              <Column style={styles.factValue}>{fact.value}</Column>
            </Row>
          ))}
        </Section>
      )}
      {composition.action && (
        <Section style={styles.actionSection}>
          <Button href={composition.action.url} style={styles.button}>
            {composition.action.label}
          </Button>
        </Section>
      )}
      <Text style={styles.text}>
        {signOff[0]}
        <br />
        {signOff[1]}
      </Text>
    </EmailLayout>
  );
}

const styles = {
  text: { fontSize: "15px", lineHeight: "22px", margin: "0 0 16px" },
  facts: { backgroundColor: "#f9fafb", borderRadius: "6px", padding: "12px 16px", margin: "0 0 16px" },
  factLabel: { fontSize: "14px", color: "#6b7280", padding: "4px 0" },
  factValue: { fontSize: "14px", fontWeight: 700, textAlign: "right" as const, padding: "4px 0" },
  actionSection: { margin: "8px 0 24px" },
  button: { backgroundColor: "#b45309", color: "#ffffff", borderRadius: "6px", padding: "12px 20px", fontSize: "15px", fontWeight: 700 },
} as const;
