import type { ESLint, Rule } from "eslint";

// Types of the plugin in no-literal-ui-text.mjs, for the test that runs its rule.
declare const plugin: ESLint.Plugin & { rules: { "no-literal-ui-text": Rule.RuleModule } };
export default plugin;
