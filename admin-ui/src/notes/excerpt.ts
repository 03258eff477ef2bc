/** The first line of a text, cut at `max` characters, for list rows. */
export function excerpt(text: string, max = 120): string {
  const firstLine = text.split('\n', 1)[0]!.trim();
  const more = firstLine.length > max || text.trim().length > firstLine.length;
  return firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : more ? `${firstLine} …` : firstLine;
}
