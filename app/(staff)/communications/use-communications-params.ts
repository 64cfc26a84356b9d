"use client";

import { useQueryStates } from "nuqs";
import { useTransition } from "react";
import { communicationsSearchParams, communicationsUrlKeys, NEW_VIEW } from "./search-params";

type Params = typeof communicationsSearchParams;

/**
 * URL state of the page for client controls. Updates go to the server (shallow: false)
 * inside a transition, so the current rows stay on screen — dimmed — until the new ones
 * arrive; each change is a history entry, so Back restores the previous view.
 */
export function useCommunicationsParams() {
  const [isPending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(communicationsSearchParams, {
    shallow: false,
    history: "push",
    startTransition,
    urlKeys: communicationsUrlKeys,
  });
  // Any filter change restarts at the first page with capped counts and closes the detail.
  const setFilters = (change: Partial<{ [K in keyof Params]: ReturnType<Params[K]["parseServerSide"]> | null }>) =>
    setParams({ ...change, ...NEW_VIEW, open: null });
  return { params, setParams, setFilters, isPending };
}
