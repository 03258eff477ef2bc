// The export download: a file name that says what and when, and a running count of the JSON
// lines received so far (the progress shown while the stream is read).
export function exportFileName(domain: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  return `${domain}-${stamp}.jsonl`;
}

/** Newlines in a chunk of the JSON lines stream (one per record). */
export function countRecordLines(chunk: Uint8Array): number {
  let lines = 0;
  for (const byte of chunk) if (byte === 0x0a) lines += 1;
  return lines;
}

/** Progress in percent when the record count is known, else null (indeterminate). */
export function exportProgress(received: number, expected: number | null | undefined): number | null {
  if (!expected || expected <= 0) return null;
  return Math.min(100, Math.round((received / expected) * 100));
}
