import { decodeCursor } from "@/lib/cursor";
import type { CommunicationFilters, Keyset } from "@/db/queries/filters";
import { filterCases } from "@/tests/support/filter-cases";
import {
  apiProbe,
  countsProbe,
  pageProbe,
  type Probe,
  searchProbe,
  shellProbe,
  sqlCountsProbe,
  sqlListProbe,
  sqlSearchProbe,
} from "./page/probes";
import { type PageBench, setUpPageBench } from "./page/setup";
import { ratio, summarise, type Summary } from "./support/stats";

// The Communications page against its floors, through the production build: `next start`
// in its own process, this process generating the load one request at a time. Every
// figure's Herald probe and floor probe are sampled in the same rounds, interleaved:
// - rows visible: first byte of the results table in the streamed HTML, vs the platform
//   API answering the same view (rows and exact total); complete page: end of the stream;
// - a staff page with no list (/account/password: same layout, session and messages) vs
//   the same API call, and the list page vs it: what any page costs before its rows, and
//   what the rows add;
// - page N (up to 1,001) vs page 1, as the page, the API and the bare list SQL;
// - every quick-filter count of every filter case, vs the same statement on bare pg;
// - the searches (invoice number, number without its prefix, e-mail, misspelt name):
//   rows and counts as the page runs them, vs the same two statements on bare pg.

export type Figure = {
  name: string;
  /**
   * What herald and floor count: milliseconds when absent (lower is better), a rate (…/s,
   * higher is better), or an amount per round (MB, statements/communication; lower is better).
   */
  unit?: "events/s" | "communications/s" | "MB" | "statements/communication";
  herald: Summary;
  floor: Summary;
  floorLabel: string;
  /** Herald's p50 over the floor's p50. */
  ratio: number;
  target: string;
  met: boolean | null;
  note?: string;
};

type Plan = {
  name: string;
  herald: [probe: string, metric: string];
  floor: [probe: string, metric: string];
  floorLabel: string;
  target?: { ratio?: number; p95Ms?: number; orCapped?: boolean };
};

export async function benchCommunicationsPage(options: {
  adminUrl: string;
  scale: number;
  runs: number;
  databaseUrl?: string;
  root: string;
}) {
  const bench = await setUpPageBench(options);
  try {
    const { probes, plans } = await planFigures(bench);
    console.log(
      `Communications page: ${bench.communications.toLocaleString("en")} communications, ${options.runs} rounds of ${probes.size} probes…`,
    );
    const samples = await sampleInterleaved(probes, options.runs);
    const figures = plans.map((plan) => toFigure(plan, samples));
    return {
      suite: "communications-page",
      communications: bench.communications,
      runs: options.runs,
      peakRssMb: bench.server.peakRssMb(),
      figures,
    };
  } finally {
    await bench.close();
  }
}

async function planFigures(bench: PageBench) {
  const { samples } = bench;
  const probes = new Map<string, Probe>();
  const plans: Plan[] = [];
  const deep = `cursor=${samples.deepPage.cursor}&page=${samples.deepPage.page}`;
  const q = (text: string) => `q=${encodeURIComponent(text)}`;
  const views: [name: string, query: string][] = [
    ["overview", ""],
    ["overview, Failed", "quick=failed"],
    ["misspelt name search", q("boulangrie")],
  ];
  for (const [name, query] of views) {
    probes.set(`page ${name}`, pageProbe(bench, query ? `?${query}` : ""));
    probes.set(`api ${name}`, apiProbe(bench, `?${query ? `${query}&` : ""}limit=50`));
    const api = `GET /api/v1/communications (${name})`;
    plans.push({
      name: `rows visible · ${name}`,
      herald: [`page ${name}`, "rows"],
      floor: [`api ${name}`, "total"],
      floorLabel: api,
      target: { ratio: 2 },
    });
    plans.push({
      name: `complete page · ${name}`,
      herald: [`page ${name}`, "complete"],
      floor: [`api ${name}`, "total"],
      floorLabel: api,
      target: { ratio: 3 },
    });
  }

  probes.set("page shell", shellProbe(bench));
  plans.push({
    name: "a staff page with no list, complete",
    herald: ["page shell", "complete"],
    floor: ["api overview, Failed", "total"],
    floorLabel: "GET /api/v1/communications (overview, Failed)",
  });
  plans.push({
    name: "rows visible · overview, Failed vs a staff page with no list",
    herald: ["page overview, Failed", "rows"],
    floor: ["page shell", "complete"],
    floorLabel: "/account/password, complete",
  });

  const pageN = `page ${samples.deepPage.page.toLocaleString("en")}`;
  probes.set("page deep", pageProbe(bench, `?${deep}`));
  probes.set("api deep", apiProbe(bench, `?cursor=${samples.deepPage.cursor}&limit=50`));
  const cursor = decodeCursor(samples.deepPage.cursor) as Keyset;
  probes.set("sql page 1", await sqlListProbe(bench, {}));
  probes.set("sql deep", await sqlListProbe(bench, {}, cursor));
  plans.push({
    name: `${pageN} vs page 1 · rows visible`,
    herald: ["page deep", "rows"],
    floor: ["page overview", "rows"],
    floorLabel: "page 1, rows visible",
    target: { ratio: 1.2 },
  });
  plans.push({
    name: `${pageN} vs page 1 · API`,
    herald: ["api deep", "total"],
    floor: ["api overview", "total"],
    floorLabel: "page 1, API",
    target: { ratio: 1.2 },
  });
  plans.push({
    name: `${pageN} vs page 1 · list SQL`,
    herald: ["sql deep", "ms"],
    floor: ["sql page 1", "ms"],
    floorLabel: "page 1, bare SQL",
    target: { ratio: 1.2 },
  });

  const cases: [string, CommunicationFilters][] = filterCases(samples);
  for (const tab of ["overview", "log"] as const) {
    for (const [name, filters] of cases) {
      const key = `${tab} counts ${name}`;
      probes.set(key, await countsProbe(bench, filters, tab));
      probes.set(`sql ${key}`, await sqlCountsProbe(bench, filters, tab));
      plans.push({
        name: `counts · ${tab === "log" ? "log · " : ""}${name}`,
        herald: [key, "ms"],
        floor: [`sql ${key}`, "ms"],
        floorLabel: "same SQL, bare pg",
        target: { p95Ms: 25, orCapped: true },
      });
    }
  }
  probes.set("exact counts", await countsProbe(bench, {}, "overview", true));
  probes.set("capped counts", probes.get("overview counts default view")!);
  plans.push({
    name: "exact counts on demand · default view",
    herald: ["exact counts", "ms"],
    floor: ["capped counts", "ms"],
    floorLabel: "capped counts",
  });

  const searches: [string, string][] = [
    ["invoice number", samples.invoice],
    ["invoice number without its prefix", samples.invoice.replace(/^[A-Z]+-/, "")],
    ["e-mail", samples.email],
    ["misspelt name", "boulangrie"],
  ];
  for (const [name, text] of searches) {
    probes.set(`search ${name}`, searchProbe(bench, text));
    probes.set(`sql search ${name}`, await sqlSearchProbe(bench, text));
    plans.push({
      name: `search list + counts · ${name}`,
      herald: [`search ${name}`, "ms"],
      floor: [`sql search ${name}`, "ms"],
      floorLabel: "same SQL, bare pg",
      target: name === "misspelt name" ? { p95Ms: 150 } : undefined,
    });
  }
  return { probes, plans };
}

/** Two warm-up rounds, then `runs` rounds each sampling every probe once, in the same order. */
async function sampleInterleaved(probes: Map<string, Probe>, runs: number) {
  const samples = new Map<string, Map<string, number[]>>();
  for (let round = -2; round < runs; round++) {
    for (const [name, probe] of probes) {
      const metrics = await probe();
      if (round < 0) continue;
      const byMetric = samples.get(name) ?? new Map<string, number[]>();
      for (const [metric, value] of Object.entries(metrics)) byMetric.set(metric, [...(byMetric.get(metric) ?? []), value]);
      samples.set(name, byMetric);
    }
  }
  return samples;
}

function toFigure(plan: Plan, samples: Map<string, Map<string, number[]>>): Figure {
  const read = ([probe, metric]: [string, string]) => samples.get(probe)?.get(metric) ?? [];
  const herald = summarise(read(plan.herald));
  const floor = summarise(read(plan.floor));
  const capped = (samples.get(plan.herald[0])?.get("capped") ?? []).some((value) => value > 0);
  const { target } = plan;
  const checks: boolean[] = [];
  if (target?.ratio !== undefined) checks.push(ratio(herald.p50, floor.p50) <= target.ratio);
  if (target?.p95Ms !== undefined) checks.push(herald.p95 <= target.p95Ms || Boolean(target.orCapped && capped));
  return {
    name: plan.name,
    herald,
    floor,
    floorLabel: plan.floorLabel,
    ratio: ratio(herald.p50, floor.p50),
    target: target
      ? [target.ratio ? `≤ ${target.ratio}×` : "", target.p95Ms ? `p95 ≤ ${target.p95Ms} ms${target.orCapped ? " or capped" : ""}` : ""]
          .filter(Boolean)
          .join(", ")
      : "—",
    met: checks.length ? checks.every(Boolean) : null,
    note: capped ? "capped (10,000+)" : undefined,
  };
}
