// Staff-UI text lives in the catalogues (lib/i18n/messages/*.json), never in a component:
// this rule reports words written straight into JSX — text children, string expressions a
// component renders ({pending ? "Saving…" : "Save"}), user-facing attributes (aria-label,
// placeholder, title, label…) — and the text of toasts and confirm() prompts. Strings that
// hold no letter (punctuation, "—", "·", "#") and the brand name pass. Message keys are
// call arguments (t("…")) and are never inspected.

const USER_FACING_ATTRIBUTES = new Set([
  "alt",
  "aria-description",
  "aria-label",
  "aria-placeholder",
  "aria-roledescription",
  "aria-valuetext",
  "closeLabel",
  "description",
  "label",
  "placeholder",
  "title",
]);

const TOAST_METHODS = new Set(["success", "error", "info", "warning", "message", "loading"]);

const LETTER = /\p{L}/u;

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Staff-UI text comes from the catalogues (next-intl), not from literals in components." },
    schema: [{ type: "object", properties: { allow: { type: "array", items: { type: "string" } } }, additionalProperties: false }],
    messages: {
      literal: "“{{text}}” is user-facing text written in a component: add it to lib/i18n/messages/*.json and use t().",
    },
  },
  create(context) {
    const allowed = new Set(context.options[0]?.allow ?? []);
    const isText = (text) => LETTER.test(text) && !allowed.has(text.trim());
    const report = (node, text) => context.report({ node, messageId: "literal", data: { text: text.trim().slice(0, 60) } });

    // The strings an expression can render: literals, both arms of a conditional, the right
    // side of && / || / ??, template texts. Calls (t("key")), members and JSX are not text.
    const check = (node) => {
      if (!node) return;
      switch (node.type) {
        case "Literal":
          if (typeof node.value === "string" && isText(node.value)) report(node, node.value);
          return;
        case "TemplateLiteral":
          for (const quasi of node.quasis) if (isText(quasi.value.cooked ?? "")) return report(node, quasi.value.cooked ?? "");
          for (const expression of node.expressions) check(expression);
          return;
        case "ConditionalExpression":
          check(node.consequent);
          check(node.alternate);
          return;
        case "LogicalExpression":
          check(node.left);
          check(node.right);
          return;
        case "TSAsExpression":
        case "TSNonNullExpression":
          check(node.expression);
          return;
        default:
          return;
      }
    };

    return {
      JSXText(node) {
        if (isText(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === "JSXAttribute") return;
        check(node.expression);
      },
      JSXAttribute(node) {
        const name = node.name.type === "JSXIdentifier" ? node.name.name : null;
        if (!name || !USER_FACING_ATTRIBUTES.has(name) || !node.value) return;
        check(node.value.type === "JSXExpressionContainer" ? node.value.expression : node.value);
      },
      CallExpression(node) {
        const callee = node.callee;
        const isToast =
          callee.type === "MemberExpression" &&
          callee.object.type === "Identifier" &&
          callee.object.name === "toast" &&
          callee.property.type === "Identifier" &&
          TOAST_METHODS.has(callee.property.name);
        const isPrompt = callee.type === "Identifier" && (callee.name === "confirm" || callee.name === "alert");
        if (!isToast && !isPrompt) return;
        check(node.arguments[0]);
        const options = node.arguments[1];
        if (isToast && options?.type === "ObjectExpression") {
          for (const property of options.properties) {
            if (property.type === "Property" && property.key.type === "Identifier" && property.key.name === "description")
              check(property.value);
          }
        }
      },
    };
  },
};

const plugin = { rules: { "no-literal-ui-text": rule } };

export default plugin;
