import fs from "node:fs";
import path from "node:path";
import type ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { attemptStatusEnum, bulkJobStatusEnum, failureClassEnum } from "@/db/schema/enums";
import { createScanProgram, findVocabularyLiterals, sourceFiles } from "@/tests/support/status-literal-scan";

// One status vocabulary: statuses, failure classes and bulk job statuses are spelled only
// in the vocabulary modules; everything else names them (STATUS.failed, FAILURE_STATUSES…)
// so a renamed or added value cannot be missed. See db/schema/enums.ts.

const ROOT = path.resolve(import.meta.dirname, "../..");
const VOCABULARY_MODULES = ["db/schema/enums.ts", "lib/status.ts"];
const SCANNED = ["app", "components", "lib", "db", "inngest", "scripts", "bench"];
const FIXTURE = "tests/fixtures/status-vocabulary/sample.ts";
const VOCABULARIES = {
  "attempt status": attemptStatusEnum.enumValues,
  "failure class": failureClassEnum.enumValues,
  "bulk job status": bulkJobStatusEnum.enumValues,
};

// Building the program parses the whole app once and the checks type-check what they
// touch: seconds each, far more on a busy machine.
const TIMEOUT = 180_000;
let program: ts.Program;
let files: string[];

beforeAll(() => {
  files = sourceFiles(ROOT, SCANNED, ["db/migrations", ...VOCABULARY_MODULES]);
  program = createScanProgram(ROOT, [...files, FIXTURE]);
}, TIMEOUT);

describe("status vocabulary", () => {
  it(
    "finds exactly the vocabulary literals of the fixture",
    () => {
      const expected = fs
        .readFileSync(path.join(ROOT, FIXTURE), "utf8")
        .split("\n")
        .flatMap((text, index) => (text.endsWith("// flagged") ? [index + 1] : []));
      const found = findVocabularyLiterals(program, ROOT, [FIXTURE], VOCABULARIES).map((offender) => offender.line);
      expect([...new Set(found)]).toEqual(expected);
    },
    TIMEOUT,
  );

  it(
    "spells no status, failure class or bulk job status outside the vocabulary modules",
    () => {
      expect(files.length).toBeGreaterThan(100);
      const offenders = findVocabularyLiterals(program, ROOT, files, VOCABULARIES).map(
        ({ file, line, value, vocabulary }) =>
          `${file}:${line} "${value}" (${vocabulary}) — import it from lib/status.ts (db/: db/schema/enums.ts)`,
      );
      expect(offenders).toEqual([]);
    },
    TIMEOUT,
  );
});
