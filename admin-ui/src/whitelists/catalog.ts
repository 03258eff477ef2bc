// What the whitelist allows, shaped for pickers: the systems, each system's actions, and the
// param specs of one system/action. Commands and rules feed their pickers from it.
import type { ParamSpecs } from './param-specs.ts';

export type CatalogEntry = {
  system: string;
  action: string;
  enabled: boolean;
  params: ParamSpecs;
  description?: string | null;
};
export type Choice = { id: string; name: string };

export type Catalog = {
  systems: Choice[];
  actionsOf(system: string | undefined): Choice[];
  paramsOf(system: string | undefined, action: string | undefined): ParamSpecs | undefined;
};

/** Only enabled entries: a disabled one would be refused by the server anyway. */
export function buildCatalog(entries: readonly CatalogEntry[]): Catalog {
  const bySystem = new Map<string, Map<string, CatalogEntry>>();
  for (const entry of entries) {
    if (!entry.enabled) continue;
    const actions = bySystem.get(entry.system) ?? new Map<string, CatalogEntry>();
    actions.set(entry.action, entry);
    bySystem.set(entry.system, actions);
  }
  const systems = [...bySystem.keys()].sort().map((id) => ({ id, name: id }));
  return {
    systems,
    actionsOf: (system) => [...(bySystem.get(system ?? '')?.keys() ?? [])].sort().map((id) => ({ id, name: id })),
    paramsOf: (system, action) => bySystem.get(system ?? '')?.get(action ?? '')?.params,
  };
}
