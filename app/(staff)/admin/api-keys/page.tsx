import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { getFormats } from "@/app/i18n/server-formats";
import { requireStaff } from "../../current-staff";
import { CreateKeyForm, RevokeKeyButton } from "./key-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

export default async function ApiKeysPage() {
  await requireStaff("admin");
  const [keys, t, format] = await Promise.all([getDb().then(listApiKeys), getTranslations("apiKeys"), getFormats()]);
  return (
    <main className="mx-auto max-w-[1100px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-slate-500">
          {t.rich("intro", { placeholder: "<key>", code: (chunks) => <code>{chunks}</code>, em: (chunks) => <em>{chunks}</em> })}
        </p>
      </div>
      <CreateKeyForm />
      <Table aria-label={t("title")}>
        <TableHeader>
          <TableRow>
            <TableHead>{t("name")}</TableHead>
            <TableHead>{t("key")}</TableHead>
            <TableHead>{t("scopes")}</TableHead>
            <TableHead>{t("created")}</TableHead>
            <TableHead>{t("lastUsed")}</TableHead>
            <TableHead>{t("status")}</TableHead>
            <TableHead>
              <span className="sr-only">{t("actions")}</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {keys.length === 0 ? (
            <TableRow>
              <TableCell colSpan={7} className="py-6 text-center text-slate-500">
                {t("empty")}
              </TableCell>
            </TableRow>
          ) : null}
          {keys.map((key) => (
            <TableRow key={key.id} id={`key-${key.id}`}>
              <TableCell className="font-medium">{key.name}</TableCell>
              <TableCell>
                <code className="text-xs">{key.prefix}…</code>
              </TableCell>
              <TableCell>{key.scopes.join(", ")}</TableCell>
              <TableCell>
                {format.dateTime(key.createdAt)}
                <span className="block text-xs text-slate-500">{t("by", { who: key.createdBy })}</span>
              </TableCell>
              <TableCell>
                {key.lastUsedAt ? format.dateTime(key.lastUsedAt) : <span className="text-slate-500">{t("never")}</span>}
              </TableCell>
              <TableCell>
                {key.revokedAt ? (
                  <Badge tone="danger">{t("revokedAt", { date: format.dateTime(key.revokedAt) })}</Badge>
                ) : (
                  <Badge tone="success">{t("active")}</Badge>
                )}
              </TableCell>
              <TableCell className="text-right">{key.revokedAt ? null : <RevokeKeyButton id={key.id} name={key.name} />}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </main>
  );
}
