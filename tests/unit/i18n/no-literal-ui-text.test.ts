import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import herald from "../../../eslint-rules/no-literal-ui-text.mjs";

// The lint rule behind "no user-facing text outside the catalogues" (eslint.config.mjs runs it
// over app/ and components/): what it reports and what it leaves alone.

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

const literal = (text: string) => ({ messageId: "literal", data: { text } });

tester.run("herald/no-literal-ui-text", herald.rules["no-literal-ui-text"], {
  valid: [
    { code: `const a = <p>{t("results.noMoreRows")}</p>;` },
    { code: `const a = <span className="text-sm font-medium">{count}</span>;` },
    { code: `const a = <span aria-hidden>–</span>;` },
    { code: `const a = <p>{pending ? t("saving") : t("save")}</p>;` },
    { code: `const a = <input type="checkbox" name="scopes" value="send" />;` },
    { code: `const a = <Results noun="communications" />;` },
    { code: `const a = <Link href="/communications">Herald</Link>;`, options: [{ allow: ["Herald"] }] },
    { code: `toast.success(t("resend.done"));` },
    { code: `const a = <time dateTime={date.toISOString()}>{format.dateTime(date)}</time>;` },
  ],
  invalid: [
    { code: `const a = <h1>Communications</h1>;`, errors: [literal("Communications")] },
    { code: `const a = <p>{pending ? "Saving…" : t("save")}</p>;`, errors: [literal("Saving…")] },
    { code: `const a = <p>{error && "Something went wrong"}</p>;`, errors: [literal("Something went wrong")] },
    { code: "const a = <p>{`Page ${page} of ${total}`}</p>;", errors: [literal("Page")] },
    { code: `const a = <input aria-label="Search by invoice number" />;`, errors: [literal("Search by invoice number")] },
    { code: `const a = <input placeholder={"dd/mm/yyyy"} />;`, errors: [literal("dd/mm/yyyy")] },
    { code: `const a = <MultiSelect label="Type" />;`, errors: [literal("Type")] },
    { code: `const a = <Dialog title={count ? "Send" : t("x")} />;`, errors: [literal("Send")] },
    { code: `toast.success("Resent: the new attempt is in the log");`, errors: [literal("Resent: the new attempt is in the log")] },
    { code: `toast.error(t("x"), { description: "Try again" });`, errors: [literal("Try again")] },
    { code: "confirm(`Remove ${name}?`);", errors: [literal("Remove")] },
    { code: `const a = <Link href="/communications">Herald</Link>;`, errors: [literal("Herald")] },
  ],
});
