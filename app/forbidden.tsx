import Link from "next/link";

// Shown (status 403) when a signed-in staff member opens a page their role does not allow.
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900">
        <h1 className="text-base font-semibold">You do not have access to this page</h1>
        <p className="mt-1">Your role does not allow it. Ask a Herald admin to change your role if you need it.</p>
        <Link href="/communications" className="mt-4 inline-block font-medium underline">
          Back to Communications
        </Link>
      </div>
    </main>
  );
}
