import { customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { attempts } from "./attempts";
import { communications } from "./communications";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

// Files attached to a communication (invoice PDF, UBL, letter). Content and hash are
// immutable once stored (trigger in migration 0002): the ZIP download is the proof.
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communicationId: uuid("communication_id")
      .notNull()
      .references(() => communications.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("documents_communication_idx").on(t.communicationId)],
);

// Which documents went out with which attempt, with the hash seen at send time.
export const attemptDocuments = pgTable(
  "attempt_documents",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => attempts.id),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    position: integer("position").notNull().default(0),
    sha256: text("sha256").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.documentId] }), index("attempt_documents_document_idx").on(t.documentId)],
);
