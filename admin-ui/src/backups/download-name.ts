// The file name a downloaded archive is saved under: the server's Content-Disposition
// (`attachment; filename="chronos-….zip"`) when it sends one, else a name from the backup id.
// Path separators are dropped so a header can never steer the save dialog into a folder.

export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  let name: string | undefined;
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  name ??= plain ? (plain[2] ?? plain[1]!).trim() : undefined;
  const safe = name?.replace(/[/\\]/g, '').trim();
  return safe ? safe : fallback;
}
