import { cn } from "./cn";

/**
 * Text cut at the last whole word within `max` characters, the full text as its tooltip.
 * The text wraps at words and shows `lines` lines, so a column narrower than the budget
 * assumes also ends at a whole word with its ellipsis (a single long token, such as an
 * e-mail address, breaks where it must).
 */
export function Truncate({
  text,
  max,
  lines = 1,
  className,
}: {
  text: string | null | undefined;
  max: number;
  lines?: 1 | 2;
  className?: string;
}) {
  if (!text) return null;
  return (
    <span className={cn("overflow-hidden break-words", lines === 1 ? "line-clamp-1" : "line-clamp-2", className)} title={text}>
      {truncateWords(text, max)}
    </span>
  );
}

export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max);
  // Keep the slice when it ends at a word's end; else drop the partial last word. A single
  // long token (an e-mail address) has no word to keep whole and is cut where it must be.
  const cut = /\s/.test(text[max]!) ? slice : slice.replace(/\s+\S*$/, "");
  return `${(cut || slice).replace(/[\s,;:.·—-]+$/, "")}…`;
}
