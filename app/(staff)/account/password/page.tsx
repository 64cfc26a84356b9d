import type { Metadata } from "next";
import { requireStaff } from "../../current-staff";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const staff = await requireStaff("viewer");
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Change password</h1>
        <p className="text-sm text-slate-500">For {staff.email}. Your other sessions are signed out.</p>
      </div>
      <ChangePasswordForm />
    </main>
  );
}
