import type { Figure } from "../communications-page";

// A suite's figures as the console table and as Markdown (the README's performance section).

export function printSuite(name: string, figures: Figure[], footer: string) {
  const width = Math.max(...figures.map((figure) => figureName(figure).length)) + 2;
  const cells = ["Herald p50", "p95", "floor p50", "p95", "ratio", "target"];
  console.log(`\n${name}\n${"figure".padEnd(width)}${cells.map((cell, i) => cell.padStart(i === 5 ? 24 : 11)).join("")}  floor`);
  for (const figure of figures) {
    const digits = isRate(figure) ? 0 : 1;
    const numbers = [figure.herald.p50, figure.herald.p95, figure.floor.p50, figure.floor.p95].map((n) =>
      `${n.toFixed(digits)}`.padStart(11),
    );
    const target = `${figure.target}${verdict(figure)}`.padStart(24);
    console.log(
      `${figureName(figure).padEnd(width)}${numbers.join("")}${ratioText(figure).padStart(11)}${target}  ${figure.floorLabel}${figure.note ? ` · ${figure.note}` : ""}`,
    );
  }
  console.log(
    `(milliseconds unless a figure names its unit — for a rate p95 is the round 95 % of rounds beat; ratio = Herald p50 / floor p50, — when the floor is not above 0; ${footer})`,
  );
}

function figureName(figure: Figure): string {
  return figure.unit ? `${figure.name} [${figure.unit}]` : figure.name;
}

export function markdownTable(figures: Figure[]): string {
  const rows = figures.map((figure) =>
    [
      figureName(figure),
      `${figure.herald.p50} / ${figure.herald.p95}`,
      `${figure.floor.p50} / ${figure.floor.p95}`,
      figure.floorLabel,
      ratioText(figure),
      `${figure.target}${verdict(figure)}${figure.note ? ` · ${figure.note}` : ""}`,
    ].join(" | "),
  );
  const header =
    "| figure | Herald p50 / p95 (ms or [unit]) | floor p50 / p95 (ms or [unit]) | floor | ratio (p50) | target |\n|---|---|---|---|---|---|";
  return [header, ...rows.map((row) => `| ${row} |`)].join("\n");
}

function isRate(figure: Figure): boolean {
  return figure.unit?.endsWith("/s") ?? false;
}

function ratioText(figure: Figure): string {
  return Number.isFinite(figure.ratio) ? `${figure.ratio.toFixed(2)}×` : "—";
}

function verdict(figure: Figure): string {
  return figure.met === null ? "" : figure.met ? " ✓" : " ✗";
}
