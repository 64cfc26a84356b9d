import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import herald from "./eslint-rules/no-literal-ui-text.mjs";

// docs/architecture.md §5: imports flow one way — app → components, inngest, lib, db; inngest → lib,
// db; lib → db; components → lib only. These rules make the direction a build error.
const layer = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".data/**", "db/migrations/**", "next-env.d.ts"] },
  layer(
    ["lib/**"],
    [
      { group: ["@/app/*", "@/components/*", "@/inngest/*"], message: "lib/ knows no route, screen or queue." },
      { group: ["next", "next/*", "react", "react-dom"], message: "lib/ domain code has no Next or React imports." },
    ],
  ),
  // E-mail templates are React Email components rendered to an HTML string on the server,
  // not app UI: lib/templates may use react and @react-email/*, never Next.
  layer(
    ["lib/templates/**"],
    [
      { group: ["@/app/*", "@/components/*", "@/inngest/*"], message: "lib/ knows no route, screen or queue." },
      { group: ["next", "next/*", "react-dom"], message: "Templates render with @react-email/render; no Next or react-dom." },
    ],
  ),
  layer(["db/**"], [{ group: ["@/app/*", "@/components/*", "@/inngest/*", "@/lib/*"], message: "db/ is the bottom layer." }]),
  // The demo seed is a client of the domain, not part of the bottom layer: it plans channels,
  // falls back and renders letters with lib/ so the demo data is what the engine would write.
  layer(["db/seed/**"], [{ group: ["@/app/*", "@/components/*", "@/inngest/*"], message: "db/seed → lib/, db/ only." }]),
  layer(
    ["components/**"],
    [{ group: ["@/db/client", "@/db/queries/*", "@/inngest/*", "@/app/*"], message: "Components never query; pass data in." }],
  ),
  layer(["inngest/**"], [{ group: ["@/app/*", "@/components/*"], message: "inngest/ → lib/, db/ only." }]),
  {
    // Staff-UI text comes from lib/i18n/messages/*.json (customer templates have their own
    // wording in lib/templates/copy and are not staff UI).
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    plugins: { herald },
    rules: { "herald/no-literal-ui-text": ["error", { allow: ["Herald"] }] },
  },
  {
    // Signature checks must stay edge-ready: Web Crypto only.
    files: ["lib/webhooks/signatures/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "crypto", "buffer"], message: "Edge-safe: Web Crypto only." }] }],
      "no-restricted-globals": ["error", { name: "Buffer", message: "Edge-safe: use Uint8Array / TextEncoder." }],
    },
  },
];

export default config;
