"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, Suspense, useState } from "react";
import { DownloadActions } from "./download-actions";
import { useViewTotal, WithTotal } from "./view-counts";

/**
 * Row selection shared by both tabs: explicit ids on the page, or "all N matching" the
 * current filters (then actions use the filters, not ids).
 */
export function useRowSelection(rowIds: string[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const pageSelected = rowIds.length > 0 && rowIds.every((id) => selected.has(id));
  return {
    selected,
    allMatching,
    pageSelected,
    isSelected: (id: string) => allMatching || selected.has(id),
    toggle(id: string) {
      setAllMatching(false);
      setSelected((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      });
    },
    togglePage() {
      setAllMatching(false);
      setSelected(pageSelected ? new Set() : new Set(rowIds));
    },
    selectAllMatching: () => setAllMatching(true),
    clear() {
      setSelected(new Set());
      setAllMatching(false);
    },
  };
}

type Selection = ReturnType<typeof useRowSelection>;

/**
 * Above the table: what is selected, "select all N matching", the tab's own actions (bulk
 * send) and the downloads. N is the view's total, which arrives after the rows.
 */
export function SelectionToolbar({ selection, pageSize, actions }: { selection: Selection; pageSize: number; actions?: ReactNode }) {
  const t = useTranslations("results");
  const ids = !selection.allMatching && selection.selected.size > 0 ? [...selection.selected] : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {selection.allMatching || selection.selected.size > 0 ? (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-3 py-1 text-sky-900">
          <span className="font-medium">
            {selection.allMatching ? (
              <WithTotal>
                {(total) => (total.exact ? t("selected", { count: total.value }) : t("selectedAtLeast", { count: total.value }))}
              </WithTotal>
            ) : (
              t("selected", { count: selection.selected.size })
            )}
          </span>
          {selection.pageSelected && !selection.allMatching ? (
            <Suspense fallback={null}>
              <SelectAllMatching pageSize={pageSize} onSelect={selection.selectAllMatching} />
            </Suspense>
          ) : null}
          <button type="button" className="underline" onClick={selection.clear}>
            {t("clearSelection")}
          </button>
        </div>
      ) : null}
      {actions}
      <DownloadActions selectedIds={ids} />
    </div>
  );
}

function SelectAllMatching({ pageSize, onSelect }: { pageSize: number; onSelect: () => void }) {
  const t = useTranslations("results");
  const total = useViewTotal();
  if (total.exact && total.value <= pageSize) return null;
  return (
    <button type="button" className="underline" onClick={onSelect}>
      {total.exact ? t("selectAllMatching", { count: total.value }) : t("selectAllMatchingAtLeast", { count: total.value })}
    </button>
  );
}

export function SelectCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  return <input type="checkbox" aria-label={label} checked={checked} onChange={onChange} className="size-4 accent-slate-900" />;
}
