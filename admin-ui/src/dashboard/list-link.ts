// A link to a react-admin list with its filter applied (the list reads `filter` from the URL).
export function listLink(resource: string, filter: Record<string, unknown> = {}): string {
  if (Object.keys(filter).length === 0) return `/${resource}`;
  return `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}
