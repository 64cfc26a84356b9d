import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { formatDateTime } from "@/lib/format";
import { requireStaff } from "../../current-staff";
import { CreateKeyForm, RevokeKeyButton } from "./key-forms";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireStaff("admin");
  const keys = await listApiKeys(await getDb());
  return (
    <main className="mx-auto max-w-[1100px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="text-sm text-slate-500">
          For platform teams calling Herald&apos;s API with <code>Authorization: Bearer &lt;key&gt;</code>. Scope <em>send</em> triggers
          sends; <em>read</em> reads communications. Only a hash is stored: the key is shown once.
        </p>
      </div>
      <CreateKeyForm />
      <Table aria-label="API keys">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Key</TableHead>
            <TableHead>Scopes</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {keys.length === 0 ? (
            <TableRow>
              <TableCell colSpan={7} className="py-6 text-center text-slate-500">
                No API key yet. Create one above for each team or system that calls Herald.
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
                {formatDateTime(key.createdAt)}
                <span className="block text-xs text-slate-500">by {key.createdBy}</span>
              </TableCell>
              <TableCell>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <span className="text-slate-500">Never</span>}</TableCell>
              <TableCell>
                {key.revokedAt ? (
                  <Badge tone="danger">Revoked {formatDateTime(key.revokedAt)}</Badge>
                ) : (
                  <Badge tone="success">Active</Badge>
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
