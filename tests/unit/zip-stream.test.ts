import { unzipVerified } from "../support/zip-entries";
import { describe, expect, it } from "vitest";
import { renderMessageFiles } from "@/lib/documents/message-files";
import { computeContentSha256, sha256Hex } from "@/db/content-hash";
import { createZipStream, type ZipEntry } from "@/lib/documents/zip-stream";

async function* entries(list: ZipEntry[], onDone?: () => void): AsyncGenerator<ZipEntry> {
  try {
    yield* list;
  } finally {
    onDone?.();
  }
}

describe("streamed ZIP", () => {
  it("round-trips stored, deflated and chunk-streamed entries byte for byte", async () => {
    const pdf = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    const chunks = [new TextEncoder().encode("a,b\r\n"), new TextEncoder().encode("1,2\r\n")];
    const stream = createZipStream(
      entries([
        { path: "docs/invoice.pdf", data: pdf, compress: false, modifiedAt: new Date("2026-01-15T10:00:00Z") },
        { path: "note.txt", data: "héllo ".repeat(1000), compress: true },
        {
          path: "manifest.csv",
          data: async function* () {
            yield* chunks;
          },
          compress: true,
        },
      ]),
    );
    const files = unzipVerified(new Uint8Array(await new Response(stream).arrayBuffer()));
    expect(Object.keys(files)).toEqual(["docs/invoice.pdf", "note.txt", "manifest.csv"]);
    expect(sha256Hex(files["docs/invoice.pdf"]!)).toBe(sha256Hex(pdf));
    expect(new TextDecoder().decode(files["note.txt"])).toBe("héllo ".repeat(1000));
    expect(new TextDecoder().decode(files["manifest.csv"])).toBe("a,b\r\n1,2\r\n");
  });

  it("pulls entries only as bytes are read, and a cancel ends the source (its cleanup runs)", async () => {
    let produced = 0;
    let cleanedUp = false;
    async function* many(): AsyncGenerator<ZipEntry> {
      try {
        for (let i = 0; i < 1000; i++) {
          produced += 1;
          yield { path: `f${i}.bin`, data: new Uint8Array(100_000), compress: false };
        }
      } finally {
        cleanedUp = true;
      }
    }
    const reader = createZipStream(many()).getReader();
    await reader.read();
    expect(produced).toBeLessThan(5);
    await reader.cancel();
    expect(cleanedUp).toBe(true);
    expect(produced).toBeLessThan(5);
  });

  it("writes more than 65,535 entries (ZIP64 end record) that unzip completely", async () => {
    async function* many(): AsyncGenerator<ZipEntry> {
      for (let i = 0; i < 66_000; i++) yield { path: `f/${i}.txt`, data: `entry ${i}`, compress: i % 2 === 0 };
    }
    const files = unzipVerified(new Uint8Array(await new Response(createZipStream(many())).arrayBuffer()));
    expect(Object.keys(files)).toHaveLength(66_000);
    expect(new TextDecoder().decode(files["f/65999.txt"])).toBe("entry 65999");
  });

  it("fails the stream when the source fails, instead of ending a truncated archive", async () => {
    async function* broken(): AsyncGenerator<ZipEntry> {
      yield { path: "a.txt", data: "a", compress: true };
      throw new Error("database went away");
    }
    await expect(new Response(createZipStream(broken())).arrayBuffer()).rejects.toThrow("database went away");
  });
});

describe("rendered message files", () => {
  const email = {
    id: "0b6f3a52-5f5a-4f7e-9a43-1f0c4f4b2a10",
    channel: "email" as const,
    recipient: "factures@boulangerie-martin.example",
    subject: "Facture INV-2026-000001 — échéance",
    bodyText: "Bonjour,\nveuillez trouver votre facture.",
    bodyHtml: "<p>Bonjour,</p><p>veuillez trouver votre facture.</p>",
    providerMessageId: "re_123",
    createdAt: new Date("2026-01-15T09:00:00Z"),
    sentAt: new Date("2026-01-15T09:00:02Z"),
    contentSha256: "",
  };

  it("writes content.json whose SHA-256 is the canonical content hash, an .eml, HTML and text", () => {
    const files = renderMessageFiles(email);
    expect(files.map((file) => file.name)).toEqual(["content.json", "message.eml", "message.html", "message.txt"]);
    expect(sha256Hex(files[0]!.content)).toBe(computeContentSha256(email));
    const eml = files[1]!.content;
    expect(eml).toContain("To: factures@boulangerie-martin.example\r\n");
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from(email.subject).toString("base64")}?=`);
    expect(eml).toContain("Content-Type: multipart/alternative");
    const parts = [...eml.matchAll(/base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n(?:--|$)/g)].map((m) =>
      Buffer.from(m[1]!.replace(/\r\n/g, ""), "base64").toString("utf8"),
    );
    expect(parts).toEqual([email.bodyText, email.bodyHtml]);
  });

  it("writes an SMS as sms.txt", () => {
    const files = renderMessageFiles({ ...email, channel: "sms", subject: null, bodyHtml: null, recipient: "+33612345678" });
    expect(files.map((file) => file.name)).toEqual(["content.json", "sms.txt"]);
    expect(files[1]!.content).toBe(`To: +33612345678\n${email.bodyText}`);
  });
});
