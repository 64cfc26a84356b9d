// Invoice arithmetic in integer minor units, with the EN 16931 rules the totals must obey:
// line nets sum to the line extension amount (BR-CO-10), each VAT rate's taxable amount is the
// sum of its lines (BR-S-08), tax per rate is rounded once per rate, and the tax total is the
// sum of the rates' tax (BR-CO-14). The schema checks the declared total with the same code.

export type InvoiceLine = { description: string; quantity: number; unitPriceCents: number; vatRate: number };

export type TaxSubtotal = { vatRate: number; taxableCents: number; taxCents: number };

export type InvoiceTotals = {
  lines: (InvoiceLine & { netCents: number })[];
  lineExtensionCents: number;
  taxSubtotals: TaxSubtotal[];
  taxCents: number;
  taxInclusiveCents: number;
};

export function computeTotals(lines: readonly InvoiceLine[]): InvoiceTotals {
  const priced = lines.map((line) => ({ ...line, netCents: lineNet(line) }));
  const byRate = new Map<number, number>();
  for (const line of priced) byRate.set(line.vatRate, (byRate.get(line.vatRate) ?? 0) + line.netCents);
  const taxSubtotals = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRate, taxableCents]) => ({ vatRate, taxableCents, taxCents: roundHalfAwayFromZero((taxableCents * vatRate) / 100) }));
  const lineExtensionCents = sum(priced.map((line) => line.netCents));
  const taxCents = sum(taxSubtotals.map((subtotal) => subtotal.taxCents));
  return { lines: priced, lineExtensionCents, taxSubtotals, taxCents, taxInclusiveCents: lineExtensionCents + taxCents };
}

// Quantities carry at most three decimals: scale to integers first so 0.1 × 3 stays exact.
function lineNet(line: InvoiceLine): number {
  return roundHalfAwayFromZero((Math.round(line.quantity * 1000) * line.unitPriceCents) / 1000);
}

function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
