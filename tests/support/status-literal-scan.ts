import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

// Finds string literals that spell a vocabulary value where the code uses it as that
// vocabulary: a literal "failed" in a status slot, not the word in a sentence, not
// Twilio's own MessageStatus "failed", not an outcome kind "queued" beside "refused".
// The type checker decides what a slot is; see slotTypes for the rules.

export type Vocabularies = Record<string, readonly string[]>;
export type Offender = { file: string; line: number; value: string; vocabulary: string };

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Every .ts/.tsx file under `dirs` (paths relative to root, `/`-separated), minus `skip`. */
export function sourceFiles(root: string, dirs: readonly string[], skip: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = path.posix.join(dir, entry.name);
      if (entry.name === "node_modules" || skip.includes(file)) continue;
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(file);
    }
  };
  dirs.forEach(walk);
  return found.sort();
}

/** A program over `files` with the repository's compiler options (paths, JSX, strict). */
export function createScanProgram(root: string, files: readonly string[]): ts.Program {
  const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return ts.createProgram({
    rootNames: files.map((file) => path.join(root, file)),
    options: { ...options, incremental: false, noEmit: true },
  });
}

export function findVocabularyLiterals(
  program: ts.Program,
  root: string,
  files: readonly string[],
  vocabularies: Vocabularies,
): Offender[] {
  const checker = program.getTypeChecker();
  const values = new Set(Object.values(vocabularies).flat());
  const offenders: Offender[] = [];
  for (const file of files) {
    const source = program.getSourceFile(path.join(root, file));
    if (!source) throw new Error(`${file} is not in the program`);
    const visit = (node: ts.Node) => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && values.has(node.text) && !isNameOrSpecifier(node)) {
        const vocabulary = vocabularyOfSlot(checker, node, vocabularies);
        if (vocabulary)
          offenders.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, value: node.text, vocabulary });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return offenders;
}

/**
 * The vocabulary a literal is used as, or null. A slot whose type offers only values of
 * one vocabulary is that vocabulary; a slot that also takes other words (a `kind` union
 * with "refused", a plain string) is something else. With no type to go by — an
 * unannotated const — the literal is reported unless a neighbour shows a mixed list.
 */
function vocabularyOfSlot(checker: ts.TypeChecker, node: ts.StringLiteralLike, vocabularies: Vocabularies): string | null {
  const slots = slotTypes(checker, node);
  const literals = slots ? stringLiterals(checker, slots) : peerLiterals(node);
  if (literals.length === 0) return null;
  const matches = Object.entries(vocabularies).filter(([, words]) => literals.every((literal) => words.includes(literal)));
  if (matches.length === 0) return null;
  return matches.map(([name]) => name).join(" or ");
}

function slotTypes(checker: ts.TypeChecker, node: ts.StringLiteralLike): ts.Type[] | null {
  const parent = node.parent;
  if (ts.isLiteralTypeNode(parent)) return typePositionSlot(checker, parent);
  if (ts.isBinaryExpression(parent) && EQUALITY.has(parent.operatorToken.kind)) {
    return [checker.getTypeAtLocation(parent.left === node ? parent.right : parent.left)];
  }
  if (ts.isCaseClause(parent)) return [checker.getTypeAtLocation(parent.parent.parent.expression)];
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
    // The literal's own contextual type is narrowed by its object's other members (a
    // discriminant "failed" sees only the "failed" branch); the slot is the property
    // across the whole contextual type.
    const whole = checker.getContextualType(parent.parent);
    const members = whole ? (whole.isUnion() ? whole.types : [whole]) : [];
    const slots = members.flatMap((member) => {
      const property = checker.getPropertyOfType(member, parent.name.getText());
      return property ? [checker.getTypeOfSymbolAtLocation(property, parent)] : [];
    });
    if (slots.length) return slots;
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node)) {
    // A parameter typed by the call's own type parameter is instantiated from this very
    // literal (`integer("failed")` names a column); the slot is the parameter's constraint.
    const declaration = checker.getResolvedSignature(parent)?.getDeclaration();
    const parameters = declaration?.parameters ?? [];
    const parameter = parameters[Math.min(parent.arguments.indexOf(node), parameters.length - 1)];
    const declared = parameter && checker.getTypeAtLocation(parameter);
    const own = declaration?.typeParameters?.map((typeParameter) => checker.getTypeAtLocation(typeParameter)) ?? [];
    if (declared && own.includes(declared)) return [declared];
  }
  const contextual = checker.getContextualType(node);
  return contextual ? [contextual] : null;
}

/** A literal type: the union it belongs to, or — for an object union's property — that property across the union. */
function typePositionSlot(checker: ts.TypeChecker, literal: ts.LiteralTypeNode): ts.Type[] {
  let top: ts.TypeNode = literal;
  while (ts.isUnionTypeNode(top.parent) || ts.isParenthesizedTypeNode(top.parent)) top = top.parent;
  const signature = top.parent;
  if (ts.isPropertySignature(signature) && signature.type === top && ts.isTypeLiteralNode(signature.parent)) {
    let objectType: ts.TypeNode = signature.parent;
    while (ts.isParenthesizedTypeNode(objectType.parent)) objectType = objectType.parent;
    if (ts.isUnionTypeNode(objectType.parent)) {
      const whole = checker.getTypeFromTypeNode(objectType.parent);
      const property = checker.getPropertyOfType(whole, signature.name.getText());
      if (property) return [checker.getTypeOfSymbolAtLocation(property, signature)];
    }
  }
  return [checker.getTypeFromTypeNode(top)];
}

function stringLiterals(checker: ts.TypeChecker, types: readonly ts.Type[]): string[] {
  return types.flatMap((type): string[] => {
    const resolved = type.flags & ts.TypeFlags.TypeParameter ? (checker.getBaseConstraintOfType(type) ?? type) : type;
    if (resolved.isUnion()) return stringLiterals(checker, resolved.types);
    if (resolved.isStringLiteral()) return [resolved.value];
    // A plain string slot takes any word: not a vocabulary slot.
    if (resolved.flags & ts.TypeFlags.String) return ["(string)"];
    return [];
  });
}

/** No slot type: the literal and its peers in a ternary or array literal. */
function peerLiterals(node: ts.StringLiteralLike): string[] {
  const parent = node.parent;
  const peers = ts.isConditionalExpression(parent)
    ? [parent.whenTrue, parent.whenFalse]
    : ts.isArrayLiteralExpression(parent)
      ? [...parent.elements]
      : [node];
  return peers.flatMap((peer) => (ts.isStringLiteralLike(peer) ? [peer.text] : []));
}

function isNameOrSpecifier(node: ts.StringLiteralLike): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isEnumMember(parent)) && parent.name === node) return true;
  return (
    ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) ||
    ts.isExternalModuleReference(parent) ||
    ts.isImportTypeNode(parent.parent)
  );
}
