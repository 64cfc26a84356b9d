"use client";

import { useActionState, useEffect, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from "@/lib/auth/roles";
import { changeStaffRole, createStaff, removeStaff, type StaffFormState } from "./actions";

function useResultToast(state: StaffFormState) {
  useEffect(() => {
    if (state?.ok) toast.success(state.message);
    else if (state) toast.error(state.message);
  }, [state]);
}

export function RoleSelect({ id, name, role }: { id: string; name: string; role: StaffRole }) {
  const [state, action, pending] = useActionState<StaffFormState, FormData>(changeStaffRole, null);
  useResultToast(state);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <select
        name="role"
        aria-label={`Role of ${name}`}
        defaultValue={role}
        disabled={pending}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        {STAFF_ROLES.map((value) => (
          <option key={value} value={value}>
            {ROLE_LABELS[value]}
          </option>
        ))}
      </select>
    </form>
  );
}

export function RemoveStaffButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState<StaffFormState, FormData>(removeStaff, null);
  useResultToast(state);
  return (
    <form
      action={action}
      onSubmit={(event) => (confirm(`Remove ${name}? They are signed out at once.`) ? undefined : event.preventDefault())}
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Remove ${name}`}>
        {pending ? "Removing…" : "Remove"}
      </Button>
    </form>
  );
}

export function CreateStaffForm() {
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
      <h2 className="text-base font-semibold">Add a staff member</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Labelled id="staff-name" label="Name">
          <Input id="staff-name" name="name" required minLength={2} maxLength={100} />
        </Labelled>
        <Labelled id="staff-email" label="E-mail">
          <Input id="staff-email" name="email" type="email" required />
        </Labelled>
        <Labelled id="staff-role" label="Role">
          <select
            id="staff-role"
            name="role"
            defaultValue="viewer"
            className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {STAFF_ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </Labelled>
        <Labelled id="staff-password" label="First password (at least 12 characters)">
          <Input id="staff-password" name="password" type="password" autoComplete="new-password" required minLength={12} />
        </Labelled>
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Adding…" : "Add staff member"}
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
