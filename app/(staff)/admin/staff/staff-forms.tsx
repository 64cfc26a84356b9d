"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { STAFF_ROLES, type StaffRole } from "@/lib/auth/roles";
import { changeStaffRole, createStaff, removeStaff, type StaffFormState } from "./actions";

function useResultToast(state: StaffFormState) {
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
    else if (state) toast.error(state.message);
  }, [state]);
}

export function RoleSelect({ id, name, role }: { id: string; name: string; role: StaffRole }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState<StaffFormState, FormData>(changeStaffRole, null);
  useResultToast(state);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <select
        name="role"
        aria-label={t("staff.roleOf", { name })}
        defaultValue={role}
        disabled={pending}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        {STAFF_ROLES.map((value) => (
          <option key={value} value={value}>
            {t(`role.${value}`)}
          </option>
        ))}
      </select>
    </form>
  );
}

export function RemoveStaffButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("staff");
  const [state, action, pending] = useActionState<StaffFormState, FormData>(removeStaff, null);
  useResultToast(state);
  return (
    <form action={action} onSubmit={(event) => (confirm(t("confirmRemove", { name })) ? undefined : event.preventDefault())}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={t("removeName", { name })}>
        {pending ? t("removing") : t("remove")}
      </Button>
    </form>
  );
}

export function CreateStaffForm() {
  const t = useTranslations();
  const [state, action, pending] = useActionState<StaffFormState, FormData>(createStaff, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) {
      toast.success(state.message);
      formRef.current?.reset();
    }
  }, [state]);
  return (
    <form ref={formRef} action={action} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="text-base font-semibold">{t("staff.add")}</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Labelled id="staff-name" label={t("staff.name")}>
          <Input id="staff-name" name="name" required minLength={2} maxLength={100} />
        </Labelled>
        <Labelled id="staff-email" label={t("staff.email")}>
          <Input id="staff-email" name="email" type="email" required />
        </Labelled>
        <Labelled id="staff-role" label={t("staff.role")}>
          <select
            id="staff-role"
            name="role"
            defaultValue="viewer"
            className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {STAFF_ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`role.${value}`)}
              </option>
            ))}
          </select>
        </Labelled>
        <Labelled id="staff-password" label={t("staff.firstPassword")}>
          <Input id="staff-password" name="password" type="password" autoComplete="new-password" required minLength={12} />
        </Labelled>
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? t("staff.adding") : t("staff.submit")}
      </Button>
    </form>
  );
}

function Labelled({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}
