import { cn } from "./cn";

/**
 * Text cut at the last whole word within `max` characters, the full text as its tooltip:
 * a cell never ends mid-word. One line by default, or `lines` lines wrapped at words; the
 * CSS ellipsis stays as the backstop for a column narrower than the budget assumes.
 */
export function Truncate({ text, max, lines = 1, className }: { text: string | null | undefined; max: number; lines?: 1 | 2; className?: string }) {
  if (!text) return null;
  return (
    <span
      className={cn("block overflow-hidden", lines === 1 ? "text-ellipsis whitespace-nowrap" : "line-clamp-2 break-words", className)}
      title={text}
    >
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
