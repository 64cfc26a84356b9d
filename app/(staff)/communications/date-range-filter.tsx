"use client";

import { CalendarDays } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { type KeyboardEvent, useId, useState } from "react";
import { type ClassNames, DayPicker } from "react-day-picker";
import { enGB, fr, nlBE } from "react-day-picker/locale";
import { cn } from "@/components/ui/cn";
import { activeControlClasses, controlClasses } from "@/components/ui/control";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { formatDay, parseTypedDate, typedDateLooksComplete } from "@/lib/date-input";
import { type CalendarDate, calendarDate, calendarDateIn, dateOnly, datePresetRange } from "@/lib/time-zone";

// "Sent between": a preset, two typed days, or a range picked in a calendar. The fields
// are text, not <input type="date">, which Chromium shows as mm/dd/yyyy on an English
// browser whatever the staff's locale; they show and read days in the staff language
// (lib/date-input.ts), and the calendar names months and weekdays in it too.
// Every day is a day in the staff's time zone (lib/time-zone.ts), carried as a date-only
// value (UTC midnight, as the URL parsers give it) so the URL stays `from=2026-11-20`.

type DateRange = { from: Date | null; to: Date | null };
type DayRange = { from: CalendarDate | null; to: CalendarDate | null };

// Presets for the common questions ("what went out last month?"): days in the staff's zone.
// The URL keeps the days, so a preset is only a way to pick them.
const PRESETS = [
  ["", "anyTime"],
  ["today", "today"],
  ["7d", "last7Days"],
  ["30d", "last30Days"],
  ["this-month", "thisMonth"],
  ["last-month", "lastMonth"],
] as const;

const CALENDAR_LOCALES = { en: enGB, nl: nlBE, fr };

function presetRange(preset: string): DayRange {
  return datePresetRange(preset, new Date()) ?? { from: null, to: null };
}

// The parts inside the one bordered date control: borderless, with their own focus ring.
const FIELD = "rounded bg-transparent px-1 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-600";

/** "Sent between": a preset, or two days (inclusive). */
export function DateRangeFilter({ from, to, onChange }: DateRange & { onChange: (range: DateRange) => void }) {
  const t = useTranslations("dateRange");
  const locale = useLocale();
  const days: DayRange = { from: from ? calendarDate(from) : null, to: to ? calendarDate(to) : null };
  const current = PRESETS.find(([key]) => {
    const range = presetRange(key);
    return range.from === days.from && range.to === days.to;
  });
  const set = (range: DayRange) => onChange({ from: range.from ? dateOnly(range.from) : null, to: range.to ? dateOnly(range.to) : null });
  return (
    <fieldset
      className={cn(
        controlClasses,
        "relative flex min-w-0 items-center gap-1 px-1.5 max-sm:h-auto max-sm:flex-wrap max-sm:py-1",
        (from || to) && activeControlClasses,
      )}
    >
      <legend className="sr-only">{t("legend")}</legend>
      <select
        aria-label={t("period")}
        value={current?.[0] ?? "custom"}
        onChange={(event) => set(presetRange(event.target.value))}
        className={FIELD}
      >
        {PRESETS.map(([key, label]) => (
          <option key={key} value={key}>
            {t(label)}
          </option>
        ))}
        {current ? null : <option value="custom">{t("custom")}</option>}
      </select>
      <DayField
        label={t("from")}
        value={days.from}
        // From ≤ until, as the native fields' max/min did.
        problem={(day) => (days.to && day > days.to ? t("fromAfterUntil", { day: formatDay(days.to, locale) }) : null)}
        onCommit={(day) => set({ ...days, from: day })}
      />
      <span className="text-slate-400" aria-hidden>
        –
      </span>
      <DayField
        label={t("until")}
        value={days.to}
        problem={(day) => (days.from && day < days.from ? t("untilBeforeFrom", { day: formatDay(days.from, locale) }) : null)}
        onCommit={(day) => set({ ...days, to: day })}
      />
      <RangeCalendar range={days} onChange={set} />
    </fieldset>
  );
}

type Draft = { text: string; committed?: CalendarDate | null };

/** One typed day: applied when complete, on Enter or on leaving the field; Escape puts the value back. */
function DayField({
  label,
  value,
  problem,
  onCommit,
}: {
  label: string;
  value: CalendarDate | null;
  problem: (day: CalendarDate) => string | null;
  onCommit: (day: CalendarDate | null) => void;
}) {
  const t = useTranslations("dateRange");
  const locale = useLocale();
  const errorId = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  // A value changed from outside (a preset, the calendar, Back) replaces what was typed; the
  // one this field applied itself while typing does not, or the text would jump under the caret.
  if (value !== seen) {
    setSeen(value);
    if (!draft || draft.committed !== value) {
      setDraft(null);
      setError(null);
    }
  }

  const commit = (day: CalendarDate | null) => {
    if (day !== value) onCommit(day);
  };
  const type = (text: string) => {
    setError(null);
    const day = typedDateLooksComplete(text) ? parseTypedDate(text, locale) : null;
    if (day && !problem(day)) {
      commit(day);
      setDraft({ text, committed: day });
    } else setDraft({ text, committed: draft?.committed });
  };
  const finish = () => {
    if (!draft) return;
    const text = draft.text.trim();
    const day = text ? parseTypedDate(text, locale) : null;
    const wrong = text && !day ? t("notADate", { text, example: formatDay("2026-11-20", locale) }) : day && problem(day);
    if (wrong) return setError(wrong);
    commit(day);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      finish();
    } else if (event.key === "Escape") {
      setDraft(null);
      setError(null);
    }
  };

  return (
    <>
      <input
        type="text"
        inputMode="text"
        autoComplete="off"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder={t("placeholder")}
        value={draft ? draft.text : value ? formatDay(value, locale) : ""}
        onChange={(event) => type(event.target.value)}
        onBlur={finish}
        onKeyDown={onKeyDown}
        className={cn(
          FIELD,
          "w-25 min-w-0 placeholder:text-slate-400",
          error && "text-red-700 underline decoration-red-600 decoration-wavy",
        )}
      />
      {error ? (
        <p
          id={errorId}
          role="alert"
          className="z-10 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800 max-sm:basis-full sm:absolute sm:top-full sm:left-0 sm:mt-1 sm:whitespace-nowrap sm:shadow"
        >
          {error}
        </p>
      ) : null}
    </>
  );
}

// Tailwind classes for DayPicker's parts instead of its stylesheet, so the calendar looks like
// the filter bar's controls (components/ui/control.ts). Modifier classes land on the day
// cell, so the cell styles its button.
const CALENDAR: Partial<ClassNames> = {
  root: "relative text-sm text-slate-800",
  months: "flex flex-col",
  month: "space-y-2",
  month_caption: "flex h-8 items-center px-1 font-medium",
  caption_label: "text-sm",
  nav: "absolute top-0 right-0 flex gap-1",
  button_previous:
    "inline-flex size-8 items-center justify-center rounded-md hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600",
  button_next:
    "inline-flex size-8 items-center justify-center rounded-md hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600",
  chevron: "size-4 fill-current",
  month_grid: "border-collapse",
  weekday: "size-9 text-xs font-normal text-slate-500",
  day: "size-9 p-0 text-center",
  day_button:
    "size-9 rounded-md tabular-nums hover:bg-slate-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600",
  today: "font-semibold text-sky-700",
  outside: "text-slate-400",
  selected: "[&>button]:bg-sky-100 [&>button]:text-sky-900",
  range_middle: "[&>button]:rounded-none",
  range_start: "[&>button]:rounded-r-none [&>button]:bg-sky-600! [&>button]:text-white!",
  range_end: "[&>button]:rounded-l-none [&>button]:bg-sky-600! [&>button]:text-white!",
  footer: "mt-2 px-1 text-xs text-slate-500",
};

/** The calendar behind "Choose dates": the first day clicked starts the range, the second ends it. */
function RangeCalendar({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  const t = useTranslations("dateRange");
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  // The first day, until the second is clicked: the filter changes once, to the whole range.
  const [start, setStart] = useState<CalendarDate | null>(null);
  const today = calendarDateIn(new Date());
  const shown = start ? { from: start, to: null } : range;
  const pick = (day: CalendarDate) => {
    if (!start) return setStart(day);
    onChange(start <= day ? { from: start, to: day } : { from: day, to: start });
    setStart(null);
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setStart(null);
      }}
    >
      <PopoverTrigger aria-label={t("choose")} title={t("choose")} className={cn(FIELD, "inline-flex items-center hover:text-sky-700")}>
        <CalendarDays className="size-4" aria-hidden />
      </PopoverTrigger>
      {/* DayPicker puts the focus on the selected day (or today) itself, for its arrow keys. */}
      <PopoverContent className="w-auto" aria-label={t("choose")} onOpenAutoFocus={(event) => event.preventDefault()}>
        <DayPicker
          mode="range"
          autoFocus
          // The calendar works in UTC because the days are date-only values (UTC midnight);
          // "today" is the staff's today, from their time zone.
          timeZone="UTC"
          today={dateOnly(today)}
          locale={CALENDAR_LOCALES[locale]}
          weekStartsOn={1}
          showOutsideDays
          defaultMonth={dateOnly(range.to ?? range.from ?? today)}
          selected={
            shown.from || shown.to
              ? { from: shown.from ? dateOnly(shown.from) : undefined, to: shown.to ? dateOnly(shown.to) : undefined }
              : undefined
          }
          onSelect={(_range, day) => pick(calendarDate(day))}
          classNames={CALENDAR}
          // A one-day range is both start and end: rounded on both sides, like any chosen day.
          modifiers={{ oneDay: shown.from && shown.from === shown.to ? dateOnly(shown.from) : undefined }}
          modifiersClassNames={{ oneDay: "[&>button]:rounded-md!" }}
          footer={start ? t("chooseLast", { day: formatDay(start, locale) }) : t("chooseFirst")}
        />
      </PopoverContent>
    </Popover>
  );
}
