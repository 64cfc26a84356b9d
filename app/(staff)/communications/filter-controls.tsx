"use client";

import { Check, ChevronDown, Loader2, UserRound, X } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { Suspense, use, useEffect, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { activeControlClasses } from "@/components/ui/control";
import { Input } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import { findCustomers } from "./actions";

/** A dropdown of checkboxes; the trigger says what is selected. */
export function MultiSelect<T extends string>({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: { value: T; label: string }[];
  selected: T[];
  onChange: (values: T[]) => void;
}) {
  const t = useTranslations("filters");
  const locale = useLocale();
  const summary =
    selected.length === 0
      ? t("all")
      : selected.length === 1
        ? (options.find((option) => option.value === selected[0])?.label ?? "")
        : t("selectedCount", { count: selected.length });
  const toggle = (value: T) => onChange(selected.includes(value) ? selected.filter((item) => item !== value) : [...selected, value]);
  return (
    <Popover>
      <PopoverTrigger
        aria-label={t("filterSummary", { label, summary })}
        className={cn(buttonClasses(), "font-normal", selected.length > 0 && activeControlClasses)}
      >
        <span className="text-slate-500">{t("labelColon", { label })}</span> {summary}
        <ChevronDown className="size-3.5 opacity-60" aria-hidden />
      </PopoverTrigger>
      <PopoverContent className="w-56">
        <fieldset>
          <legend className="px-1 pb-1 text-xs font-medium text-slate-500">{label}</legend>
          {options.map((option) => (
            <label key={option.value} className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-100">
              <input type="checkbox" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
              {option.label}
            </label>
          ))}
        </fieldset>
        {selected.length > 0 ? (
          <button
            type="button"
            onClick={() => onChange([])}
            className="mt-1 w-full rounded px-1.5 py-1 text-left text-xs text-sky-700 hover:bg-slate-100"
          >
            {t("clearOne", { label: label.toLocaleLowerCase(locale) })}
          </button>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}

type CustomerOption = { id: string; name: string; externalRef: string };

/** Searchable customer picker: asks the server as you type (there are thousands). */
export function CustomerPicker({
  value,
  name,
  onChange,
}: {
  value: string | null;
  name: string | null;
  onChange: (id: string | null) => void;
}) {
  const t = useTranslations("filters");
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<{ query: string; options: CustomerOption[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      findCustomers({ query })
        .then((options) => {
          if (cancelled) return;
          setResults({ query, options });
          setError(null);
        })
        .catch(() => !cancelled && setError(t("customerSearchFailed")));
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [open, query, t]);

  const loading = open && !error && results?.query !== query;
  return (
    <div className="inline-flex max-w-full items-center">
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger
          aria-label={t("customerSummary", { summary: value ? (name ?? t("customerSelected")) : t("all") })}
          className={cn(buttonClasses(), "min-w-0 flex-1 justify-start font-normal", value && cn("rounded-r-none", activeControlClasses))}
        >
          <UserRound className="size-3.5 opacity-60" aria-hidden />
          <span className="text-slate-500">{t("labelColon", { label: t("customer") })}</span>
          <span className="max-w-40 truncate">{value ? (name ?? t("unknownCustomer")) : t("all")}</span>
        </PopoverTrigger>
        <PopoverContent className="w-80">
          <Input
            autoFocus
            type="search"
            aria-label={t("findCustomer")}
            placeholder={t("customerPlaceholder")}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <div role="listbox" aria-label={t("customers")} className="mt-2 max-h-64 overflow-y-auto">
            {error ? (
              <p role="alert" className="p-2 text-red-700">
                {error}
              </p>
            ) : null}
            {loading ? (
              <p className="flex items-center gap-2 p-2 text-slate-500">
                <Loader2 className="size-3.5 animate-spin" aria-hidden /> {t("searching")}
              </p>
            ) : null}
            {!loading && results?.options.length === 0 ? <p className="p-2 text-slate-500">{t("noCustomer", { query })}</p> : null}
            {results?.options.map((customer) => (
              <button
                key={customer.id}
                type="button"
                role="option"
                aria-selected={customer.id === value}
                onClick={() => {
                  onChange(customer.id);
                  setOpen(false);
                }}
                className="flex w-full items-center justify-between gap-2 rounded px-2 py-1.5 text-left hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none"
              >
                <span className="truncate">{customer.name}</span>
                <span className="shrink-0 text-xs text-slate-500">{customer.externalRef}</span>
                {customer.id === value ? <Check className="size-3.5" aria-hidden /> : null}
              </button>
            ))}
          </div>
        </PopoverContent>
      </Popover>
      {value ? (
        <button
          type="button"
          aria-label={t("clearCustomer")}
          onClick={() => onChange(null)}
          className={cn(buttonClasses(), "rounded-l-none border-l-0 px-2", activeControlClasses)}
        >
          <X className="size-3.5" aria-hidden />
        </button>
      ) : null}
    </div>
  );
}

/**
 * The location-group dropdown. Its options (the groups in use) arrive after the rows: until
 * then it shows the chosen group alone, disabled.
 */
export function LocationFilter(props: { groups: Promise<string[]>; value: string | null; onChange: (value: string | null) => void }) {
  return (
    <Suspense fallback={<LocationSelect {...props} groups={props.value ? [props.value] : []} disabled />}>
      <LoadedLocationSelect {...props} />
    </Suspense>
  );
}

function LoadedLocationSelect(props: { groups: Promise<string[]>; value: string | null; onChange: (value: string | null) => void }) {
  return <LocationSelect {...props} groups={use(props.groups)} />;
}

function LocationSelect({
  groups,
  value,
  onChange,
  disabled,
}: {
  groups: string[];
  value: string | null;
  onChange: (value: string | null) => void;
  disabled?: boolean;
}) {
  const t = useTranslations("filters");
  return (
    <Select
      aria-label={t("locationGroup")}
      value={value ?? ""}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value || null)}
      className={cn(value && activeControlClasses)}
    >
      <option value="">{t("allLocations")}</option>
      {groups.map((group) => (
        <option key={group} value={group}>
          {group}
        </option>
      ))}
    </Select>
  );
}
