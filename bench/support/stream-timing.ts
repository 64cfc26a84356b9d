// One GET timed the way a browser sees a streamed page: first byte, the first byte of a
// marker in the HTML (the results table), and the end of the stream (every Suspense
// boundary resolved). Asked without compression, so a chunk is timed as the server sends it.

export type StreamTiming = { status: number; firstByteMs: number; markerMs: number | null; completeMs: number; bytes: number };

export async function timeStreamedGet(url: string, headers: Record<string, string>, marker?: RegExp): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(url, { headers: { "accept-encoding": "identity", ...headers }, redirect: "manual" });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let firstByteMs = Number.NaN;
  let markerMs: number | null = null;
  let tail = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const at = performance.now() - started;
    if (Number.isNaN(firstByteMs)) firstByteMs = at;
    bytes += value.byteLength;
    if (marker && markerMs === null) {
      // Keep a little of the previous chunk: a marker may straddle two.
      const text = tail + decoder.decode(value, { stream: true });
      if (marker.test(text)) markerMs = at;
      tail = text.slice(-256);
    }
  }
  return { status: response.status, firstByteMs, markerMs, completeMs: performance.now() - started, bytes };
}
