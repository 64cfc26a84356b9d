// Template rendering benchmark: renders every template of one channel with the unit tests'
// representative data (all categories × en/fr, varying the reference so nothing is cached
// by input) for a fixed time per channel, and prints renders/s and p50/p95 latency. Rendering
// runs on the send path, one render per attempt; e-mail (React Email) is the costly one.
//
//   npx tsx bench/render-templates.ts                # 3 s per channel
//   options: --seconds 3 --channel email
import { parseArgs } from "node:util";
import { listTemplates, type TemplateChannel } from "@/lib/templates/registry";
import { renderMessage } from "@/lib/templates/render";
import { sampleInput } from "@/tests/unit/templates/samples";

const { values: args } = parseArgs({
  options: { seconds: { type: "string", default: "3" }, channel: { type: "string" } },
});
const SECONDS = Number(args.seconds);
const CHANNELS: TemplateChannel[] = args.channel ? [args.channel as TemplateChannel] : ["email", "sms", "post", "einvoice"];

console.log(`render-templates: ${SECONDS} s per channel, node ${process.version}`);
console.log("channel    templates   renders   renders/s   p50 ms   p95 ms   avg bytes");
for (const channel of CHANNELS) {
  const templates = listTemplates().filter((template) => template.channel === channel);
  const inputs = templates.map((template) => sampleInput(template.category, channel, template.locale));
  // Warm-up: module initialisation and the first React render are not the steady state.
  for (const input of inputs) await renderMessage(input);

  const latencies: number[] = [];
  let bytes = 0;
  const deadline = performance.now() + SECONDS * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const input = inputs[i % inputs.length]!;
    const started = performance.now();
    const message = await renderMessage({ ...input, subject: { ...input.subject, reference: `${input.subject.reference}-${i}` } });
    latencies.push(performance.now() - started);
    bytes +=
      message.bodyText.length +
      (message.bodyHtml?.length ?? 0) +
      message.documents.reduce((total, document) => total + document.content.length, 0);
  }
  latencies.sort((a, b) => a - b);
  const total = latencies.reduce((sum, latency) => sum + latency, 0);
  const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  console.log(
    [
      channel.padEnd(10),
      String(templates.length).padStart(9),
      String(latencies.length).padStart(9),
      ((latencies.length / total) * 1000).toFixed(0).padStart(11),
      quantile(0.5).toFixed(2).padStart(8),
      quantile(0.95).toFixed(2).padStart(8),
      String(Math.round(bytes / latencies.length)).padStart(11),
    ].join(" "),
  );
}
