// The one look of a form control (search, select, date, filter trigger): the same height,
// border, radius and focus ring, so the filter bar reads as one row of equals.
export const controlClasses =
  "h-9 rounded-md border border-slate-300 bg-white text-sm text-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

/** A control whose filter is set: tinted, so active filters stand out at a glance. */
export const activeControlClasses = "border-sky-600 bg-sky-50 text-sky-900";
