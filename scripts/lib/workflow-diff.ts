// A readable structural diff of two workflows in the file form: nodes added / removed /
// changed (which parameters, by path), connections added / removed, and changed top-level
// fields (name, settings, meta, …). Nodes are matched by name, the key n8n's connections use.
import type { N8nNode } from './n8n-public-api.ts';

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function show(value: Json): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Leaf-level differences as "path: old → new". */
export function valueChanges(a: Json, b: Json, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => valueChanges(a[key], b[key], at ? `${at}.${key}` : key));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, i) => valueChanges(item, b[i], `${at}[${i}]`));
  }
  return [`${at || '(value)'}: ${show(a)} → ${show(b)}`];
}

type Connection = { node: string; type: string; index: number };

/** Every edge as "Source (main 0) → Target (main 0)". */
export function connectionEdges(connections: Json): string[] {
  const edges: string[] = [];
  if (!isObject(connections)) return edges;
  for (const [source, byType] of Object.entries(connections)) {
    if (!isObject(byType)) continue;
    for (const [type, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) continue;
      outputs.forEach((targets, output) => {
        for (const target of (Array.isArray(targets) ? targets : []) as Connection[]) {
          edges.push(`${source} (${type} ${output}) → ${target.node} (${target.type} ${target.index})`);
        }
      });
    }
  }
  return edges.sort();
}

/** Lines describing how `live` differs from `repo`; empty when they are the same. */
export function diffWorkflows(repo: Record<string, Json>, live: Record<string, Json>): string[] {
  const lines: string[] = [];
  const topKeys = [...new Set([...Object.keys(repo), ...Object.keys(live)])]
    .filter((k) => k !== 'nodes' && k !== 'connections')
    .sort();
  for (const key of topKeys) lines.push(...valueChanges(repo[key], live[key], key));

  const repoNodes = new Map(((repo.nodes ?? []) as N8nNode[]).map((n) => [n.name, n]));
  const liveNodes = new Map(((live.nodes ?? []) as N8nNode[]).map((n) => [n.name, n]));
  for (const [name, node] of liveNodes) if (!repoNodes.has(name)) lines.push(`+ node "${name}" (${node.type})`);
  for (const [name, node] of repoNodes) if (!liveNodes.has(name)) lines.push(`- node "${name}" (${node.type})`);
  for (const [name, node] of repoNodes) {
    const other = liveNodes.get(name);
    if (!other) continue;
    for (const change of valueChanges(node, other)) lines.push(`~ node "${name}": ${change}`);
  }

  const repoEdges = new Set(connectionEdges(repo.connections));
  const liveEdges = new Set(connectionEdges(live.connections));
  for (const edge of liveEdges) if (!repoEdges.has(edge)) lines.push(`+ connection ${edge}`);
  for (const edge of repoEdges) if (!liveEdges.has(edge)) lines.push(`- connection ${edge}`);
  return lines;
}
