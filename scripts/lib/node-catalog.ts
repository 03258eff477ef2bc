// The node types a workflow may use, with their versions, parameters and credentials: n8n's
// built-in nodes from the description file n8n-nodes-base ships (dist/types/nodes.json, what
// the editor itself loads), and the Chronos nodes from the built package (dist/), loaded the
// way n8n loads a community package: the files the package.json `n8n.nodes` list names, each
// exporting a node class whose `description` says what it accepts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir, repoRoot } from './paths.ts';

/** One parameter as a node description declares it (the parts the workflow lint reads). */
export type NodeProperty = {
  name: string;
  type: string;
  default?: unknown;
  displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
  /** options/multiOptions: the choices; collection: the fields; fixedCollection: the groups. */
  options?: Array<{ name: string; value?: unknown; type?: string; values?: NodeProperty[] }>;
  typeOptions?: Record<string, unknown>;
};

export type NodeTypeVersion = { properties: NodeProperty[]; credentials: string[] };

export type CatalogEntry = {
  /** The type as workflows name it: `n8n-nodes-base.if`, `n8n-nodes-chronos.chronos`. */
  type: string;
  /** Chronos nodes get the strict parameter checks; for built-ins only names are checked. */
  strict: boolean;
  versions: Map<number, NodeTypeVersion>;
};

export type NodeCatalog = Map<string, CatalogEntry>;

export const BUILT_IN_PACKAGE = 'n8n-nodes-base';
export const CHRONOS_PACKAGE = 'n8n-nodes-chronos';

type RawDescription = {
  name: string;
  version: number | number[];
  properties?: NodeProperty[];
  credentials?: Array<{ name: string }>;
};

function add(catalog: NodeCatalog, packageName: string, description: RawDescription, strict: boolean): void {
  const type = `${packageName}.${description.name}`;
  const entry = catalog.get(type) ?? { type, strict, versions: new Map() };
  const versions = Array.isArray(description.version) ? description.version : [description.version];
  for (const version of versions) {
    entry.versions.set(version, {
      properties: description.properties ?? [],
      credentials: (description.credentials ?? []).map((c) => c.name),
    });
  }
  catalog.set(type, entry);
}

function loadBuiltIns(catalog: NodeCatalog, n8nNodeModules: string): void {
  const file = path.join(n8nNodeModules, BUILT_IN_PACKAGE, 'dist', 'types', 'nodes.json');
  if (!fs.existsSync(file)) throw new Error(`n8n's node descriptions are missing: ${file} (is n8n installed?)`);
  // One entry per version set: a node rewritten in a new major version has several entries.
  for (const description of JSON.parse(fs.readFileSync(file, 'utf8')) as RawDescription[]) {
    add(catalog, BUILT_IN_PACKAGE, description, false);
  }
}

type NodeClass = new () => {
  description?: RawDescription;
  nodeVersions?: Record<string, { description: RawDescription }>;
};

function loadChronos(catalog: NodeCatalog, chronosDist: string): void {
  const packageRoot = path.dirname(path.resolve(chronosDist));
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    name: string;
    n8n?: { nodes?: string[] };
  };
  const require = createRequire(path.join(packageRoot, 'package.json'));
  for (const relative of manifest.n8n?.nodes ?? []) {
    const file = path.join(packageRoot, relative);
    if (!fs.existsSync(file))
      throw new Error(`the Chronos package is not built: ${relative} is missing (run the build)`);
    const exports = require(file) as Record<string, unknown>;
    for (const exported of Object.values(exports)) {
      if (typeof exported !== 'function') continue;
      const node = new (exported as NodeClass)();
      // A versioned node (VersionedNodeType) keeps one description per version.
      if (node.nodeVersions) {
        for (const version of Object.values(node.nodeVersions)) add(catalog, manifest.name, version.description, true);
      } else if (node.description) {
        add(catalog, manifest.name, node.description, true);
      }
    }
  }
}

export function loadNodeCatalog(options: { n8nNodeModules: string; chronosDist: string }): NodeCatalog {
  const catalog: NodeCatalog = new Map();
  loadBuiltIns(catalog, options.n8nNodeModules);
  loadChronos(catalog, options.chronosDist);
  return catalog;
}

/**
 * Where the catalog comes from on this machine: n8n's node_modules next to the binary
 * `npm test`/`npm start` export as CHRONOS_N8N_BIN (…/node_modules/n8n/bin/n8n), else the
 * cache folder of the version pinned in scripts/n8n/package.json; the repository's dist/.
 */
export function defaultCatalogOptions(): { n8nNodeModules: string; chronosDist: string } {
  const bin = process.env.CHRONOS_N8N_BIN;
  let n8nNodeModules: string;
  if (bin) {
    n8nNodeModules = path.resolve(bin, '..', '..', '..');
  } else {
    const pinned = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'n8n', 'package.json'), 'utf8')) as {
      dependencies: { n8n: string };
    };
    n8nNodeModules = path.join(cacheDir, `n8n-${pinned.dependencies.n8n}`, 'node_modules');
  }
  return { n8nNodeModules, chronosDist: path.join(repoRoot, 'dist') };
}
