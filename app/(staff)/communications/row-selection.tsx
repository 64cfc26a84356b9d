"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { DownloadActions } from "./download-actions";

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

/** Above the table: what is selected, "select all N matching", the tab's own actions (bulk send) and the downloads. */
export function SelectionToolbar({
  selection,
  total,
  pageSize,
  actions,
}: {
  selection: Selection;
  total: number;
  pageSize: number;
  actions?: ReactNode;
}) {
  const t = useTranslations("results");
  const count = selection.allMatching ? total : selection.selected.size;
  const ids = !selection.allMatching && selection.selected.size > 0 ? [...selection.selected] : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {count > 0 ? (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-3 py-1 text-sky-900">
          <span className="font-medium">{t("selected", { count })}</span>
          {selection.pageSelected && !selection.allMatching && total > pageSize ? (
            <button type="button" className="underline" onClick={selection.selectAllMatching}>
              {t("selectAllMatching", { count: total })}
            </button>
          ) : null}
          <button type="button" className="underline" onClick={selection.clear}>
            {t("clearSelection")}
          </button>
        </div>
      ) : null}
      {actions}
      <DownloadActions selectedIds={ids} rowCount={total} />
    </div>
  );
}

export function SelectCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  return <input type="checkbox" aria-label={label} checked={checked} onChange={onChange} className="size-4 accent-slate-900" />;
}
