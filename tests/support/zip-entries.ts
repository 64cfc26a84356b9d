import { crc32 } from "node:zlib";
import { unzipSync } from "fflate";

/**
 * Unzips and checks every entry's CRC-32 against the central directory, as `unzip -t`
 * does (fflate's unzipSync does not), so a wrong checksum fails the test instead of only
 * the customer's unzip tool.
 */
export function unzipVerified(bytes: Uint8Array): Record<string, Uint8Array> {
  const files = unzipSync(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  let checked = 0;
  for (let offset = 0; offset + 46 <= bytes.byteLength; offset++) {
    if (view.getUint32(offset, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(offset + 28, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const content = files[name];
    if (!content) throw new Error(`central directory lists ${name}, which does not unzip`);
    if (crc32(content) >>> 0 !== view.getUint32(offset + 16, true)) throw new Error(`CRC-32 mismatch for ${name}`);
    checked += 1;
    offset += 45 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  if (checked !== Object.keys(files).length) throw new Error(`checked ${checked} CRCs for ${Object.keys(files).length} entries`);
  return files;
}
