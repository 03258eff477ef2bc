// `npm run workflows -- lint`: checks the versioned workflows (workflows/*.json) before they
// are imported anywhere, against the node types that will run them (see node-catalog.ts):
//   - the file is the normalized form (shared/workflow-format.ts), so diffs stay real edits;
//   - stable ids: a 16-character workflow id unique across files, node ids (UUIDs), node
//     names and webhook ids unique; meta.chronosVersion a positive integer, meta.chronosKey
//     the file stem (the import tooling upgrades by key and version);
//   - every node type exists in the version used; the Chronos nodes' resource, operation and
//     every parameter are ones the node displays with the node's other values (resource,
//     operation, content, …: a parameter n8n does not show is silently ignored by it — here it
//     is an error), and literal choices are among the node's options; built-in nodes'
//     parameter names exist;
//   - credentials are references only ({ id, name }) of a type the node accepts;
//   - connections name existing nodes;
//   - no secrets (API keys, whsec_ secrets, bearer tokens, literal passwords).
import fs from 'node:fs';
import path from 'node:path';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import type { CatalogEntry, NodeCatalog, NodeProperty, NodeTypeVersion } from './node-catalog.ts';
import { secretIn, secretsInParameters } from './workflow-secrets.ts';

export { defaultCatalogOptions, loadNodeCatalog } from './node-catalog.ts';
export type { NodeCatalog } from './node-catalog.ts';

export type LintIssue = { file: string; node?: string; message: string };

type WorkflowNode = {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  typeVersion?: unknown;
  position?: unknown;
  parameters?: unknown;
  credentials?: unknown;
  webhookId?: unknown;
};

const WORKFLOW_ID = /^[A-Za-z0-9]{16}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

// ---------------------------------------------------------------------------------------------
// Parameters of strictly checked (Chronos) nodes
// ---------------------------------------------------------------------------------------------

/** The value a parameter has on this node: as set, else the displayed property's default. */
function effectiveValue(
  name: string,
  parameters: Record<string, unknown>,
  properties: NodeProperty[],
  depth = 0,
): unknown {
  if (name in parameters) return parameters[name];
  return properties.find((p) => p.name === name && !hiddenBy(p, parameters, properties, depth + 1))?.default;
}

/**
 * Why n8n would not show the property with this node's values (`operation = create`), or
 * undefined when it is shown. n8n drops the parameters it does not show when it saves a
 * workflow and ignores them when it runs one, so a hidden parameter in a file is a mistake.
 * Conditions on an expression's value, on the node version (`@version`) or with n8n's
 * condition objects (`_cnd`) cannot be decided here and count as met.
 */
function hiddenBy(
  property: NodeProperty,
  parameters: Record<string, unknown>,
  properties: NodeProperty[],
  depth = 0,
): string | undefined {
  // Displays that depend on each other in a circle do not occur in sane nodes; stop anyway.
  if (depth > 8) return undefined;
  const { show = {}, hide = {} } = property.displayOptions ?? {};
  const decidable = (key: string, wanted: unknown[]) =>
    key !== property.name && !key.startsWith('@') && !wanted.some((w) => isRecord(w) && '_cnd' in w);
  for (const [key, wanted] of Object.entries(show)) {
    if (!decidable(key, wanted)) continue;
    const value = effectiveValue(key, parameters, properties, depth);
    if (!isExpression(value) && !wanted.includes(value))
      return `it needs ${key} ${wanted.map((w) => JSON.stringify(w)).join(' or ')}, not ${JSON.stringify(value)}`;
  }
  for (const [key, unwanted] of Object.entries(hide)) {
    if (!decidable(key, unwanted)) continue;
    const value = effectiveValue(key, parameters, properties, depth);
    if (!isExpression(value) && unwanted.includes(value)) return `it is hidden when ${key} is ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Values an options/multiOptions property offers, or undefined when they are loaded at run time. */
function staticChoices(property: NodeProperty): unknown[] | undefined {
  if (property.typeOptions?.loadOptionsMethod || property.typeOptions?.loadOptions) return undefined;
  return property.options?.map((o) => o.value);
}

function checkValue(property: NodeProperty, value: unknown, at: string): string[] {
  if (isExpression(value)) return [];
  const where = `parameter "${at}"`;
  const list = (choices: unknown[]) => choices.map((c) => JSON.stringify(c)).join(', ');
  const problems: string[] = [];
  if (property.type === 'options') {
    const choices = staticChoices(property);
    if (choices && !choices.includes(value))
      problems.push(`${where} is ${JSON.stringify(value)}, not one of ${list(choices)}`);
  } else if (property.type === 'multiOptions') {
    const choices = staticChoices(property);
    if (!Array.isArray(value)) problems.push(`${where} must be a list`);
    else if (choices)
      for (const item of value)
        if (!isExpression(item) && !choices.includes(item))
          problems.push(`${where} has ${JSON.stringify(item)}, not one of ${list(choices)}`);
  } else if (property.type === 'collection') {
    if (!isRecord(value)) return [`${where} must be an object`];
    const fields = (property.options ?? []) as NodeProperty[];
    for (const [key, item] of Object.entries(value)) {
      const field = fields.find((f) => f.name === key);
      if (!field)
        problems.push(
          `parameter "${at}.${key}" is not a field of ${property.name} (${fields.map((f) => f.name).join(', ')})`,
        );
      else problems.push(...checkValue(field, item, `${at}.${key}`));
    }
  } else if (property.type === 'fixedCollection') {
    if (!isRecord(value)) return [`${where} must be an object`];
    const groups = (property.options ?? []).map((o) => o.name);
    for (const key of Object.keys(value))
      if (!groups.includes(key))
        problems.push(`parameter "${at}.${key}" is not a group of ${property.name} (${groups.join(', ')})`);
  }
  return problems;
}

function checkStrictParameters(parameters: Record<string, unknown>, version: NodeTypeVersion): string[] {
  const { properties } = version;
  const problems: string[] = [];
  const resourceProperty = properties.find((p) => p.name === 'resource');
  if (resourceProperty) {
    const resource = effectiveValue('resource', parameters, properties);
    const resources = staticChoices(resourceProperty) ?? [];
    if (!resources.includes(resource)) return [`resource ${JSON.stringify(resource)} does not exist`];
    const operations = properties.filter((p) => p.name === 'operation' && !hiddenBy(p, parameters, properties));
    const operation = effectiveValue('operation', parameters, properties);
    if (operations.length && !operations.some((p) => staticChoices(p)?.includes(operation)))
      return [`operation ${JSON.stringify(operation)} does not exist for resource ${JSON.stringify(resource)}`];
  }
  for (const [name, value] of Object.entries(parameters)) {
    const candidates = properties.filter((p) => p.name === name);
    if (candidates.length === 0) {
      problems.push(`parameter "${name}" is not a parameter of this node`);
      continue;
    }
    const displayed = candidates.filter((p) => !hiddenBy(p, parameters, properties));
    if (displayed.length === 0) {
      problems.push(`parameter "${name}" is not used here: ${hiddenBy(candidates[0]!, parameters, properties)}`);
      continue;
    }
    // Several resources may declare a parameter of the same name; it is fine when one fits.
    const results = displayed.map((p) => checkValue(p, value, name));
    if (!results.some((r) => r.length === 0)) problems.push(...results[0]!);
  }
  return problems;
}

function checkBuiltInParameters(parameters: Record<string, unknown>, version: NodeTypeVersion): string[] {
  const names = new Set(version.properties.map((p) => p.name));
  return Object.keys(parameters)
    .filter((name) => !names.has(name))
    .map((name) => `parameter "${name}" is not a parameter of this node version`);
}

// ---------------------------------------------------------------------------------------------
// One node, one workflow
// ---------------------------------------------------------------------------------------------

function checkCredentials(credentials: unknown, version: NodeTypeVersion | undefined): string[] {
  if (credentials === undefined) return [];
  if (!isRecord(credentials)) return ['credentials must be an object'];
  const problems: string[] = [];
  for (const [type, reference] of Object.entries(credentials)) {
    if (version && !version.credentials.includes(type))
      problems.push(
        `credential type "${type}" is not one this node uses (${version.credentials.join(', ') || 'none'})`,
      );
    const keys = isRecord(reference) ? Object.keys(reference).sort() : [];
    if (
      !isRecord(reference) ||
      keys.join(',') !== 'id,name' ||
      typeof reference.id !== 'string' ||
      typeof reference.name !== 'string'
    )
      problems.push(`credential "${type}" must be a reference { id, name } and nothing else`);
  }
  return problems;
}

function checkNode(node: WorkflowNode, catalog: NodeCatalog): string[] {
  const problems: string[] = [];
  if (typeof node.id !== 'string' || !UUID.test(node.id)) problems.push('id must be a fixed UUID');
  if (!Array.isArray(node.position) || node.position.length !== 2 || !node.position.every(Number.isFinite))
    problems.push('position must be [x, y]');
  const parameters = node.parameters ?? {};
  if (!isRecord(parameters)) return [...problems, 'parameters must be an object'];
  if (typeof node.type !== 'string') return [...problems, 'type is missing'];
  const entry: CatalogEntry | undefined = catalog.get(node.type);
  let version: NodeTypeVersion | undefined;
  if (!entry) {
    problems.push(`node type "${node.type}" does not exist`);
  } else {
    version = entry.versions.get(node.typeVersion as number);
    if (!version) {
      problems.push(
        `typeVersion ${JSON.stringify(node.typeVersion)} does not exist for ${node.type} (${[...entry.versions.keys()].join(', ')})`,
      );
    } else {
      problems.push(
        ...(entry.strict ? checkStrictParameters(parameters, version) : checkBuiltInParameters(parameters, version)),
      );
    }
  }
  problems.push(...checkCredentials(node.credentials, version));
  problems.push(...secretsInParameters(parameters));
  return problems;
}

function checkConnections(connections: unknown, names: Set<string>): string[] {
  if (!isRecord(connections)) return ['connections must be an object'];
  const problems: string[] = [];
  for (const [source, byType] of Object.entries(connections)) {
    if (!names.has(source)) problems.push(`connections: "${source}" is not a node of this workflow`);
    if (!isRecord(byType)) {
      problems.push(`connections of "${source}" must be an object`);
      continue;
    }
    for (const outputs of Object.values(byType)) {
      if (!Array.isArray(outputs)) {
        problems.push(`connections of "${source}" must be lists of outputs`);
        continue;
      }
      for (const targets of outputs)
        for (const target of Array.isArray(targets) ? targets : [])
          if (!isRecord(target) || typeof target.node !== 'string' || !names.has(target.node))
            problems.push(
              `connections: "${source}" leads to "${isRecord(target) ? String(target.node) : '?'}", which is not a node of this workflow`,
            );
    }
  }
  return problems;
}

/** Strings anywhere in the file (sticky notes, node notes, …) that look like secrets. */
function secretsAnywhere(value: unknown, where: string, found: string[]): void {
  if (typeof value === 'string') {
    const what = secretIn(value);
    if (what) found.push(`${where} holds what looks like ${what}`);
  } else if (Array.isArray(value)) value.forEach((item, i) => secretsAnywhere(item, `${where}[${i}]`, found));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) secretsAnywhere(v, `${where}.${k}`, found);
}

type Seen = { workflowIds: Map<string, string>; webhookIds: Map<string, string> };

function lintFile(dir: string, file: string, catalog: NodeCatalog, seen: Seen): LintIssue[] {
  const issues: LintIssue[] = [];
  const issue = (message: string, node?: string) => issues.push({ file, ...(node ? { node } : {}), message });
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  let workflow: unknown;
  try {
    workflow = JSON.parse(text);
  } catch (error) {
    issue(`not valid JSON: ${(error as Error).message}`);
    return issues;
  }
  if (!isRecord(workflow)) {
    issue('not a workflow (the file must hold one JSON object)');
    return issues;
  }
  if (formatWorkflow(workflow) !== text)
    issue('not in the normalized format (write it with formatWorkflow from shared/workflow-format.ts)');

  const stem = path.basename(file, '.json');
  if (typeof workflow.id !== 'string' || !WORKFLOW_ID.test(workflow.id))
    issue('id must be a fixed 16-character n8n id (letters and digits)');
  else if (seen.workflowIds.has(workflow.id))
    issue(`id ${workflow.id} is also the id of ${seen.workflowIds.get(workflow.id)}`);
  else seen.workflowIds.set(workflow.id, file);
  if (typeof workflow.name !== 'string' || workflow.name.trim() === '') issue('name is missing');
  const meta = isRecord(workflow.meta) ? workflow.meta : {};
  if (!Number.isInteger(meta.chronosVersion) || (meta.chronosVersion as number) < 1)
    issue('meta.chronosVersion must be a positive integer');
  if (meta.chronosKey !== stem) issue(`meta.chronosKey must be the file name without .json ("${stem}")`);
  if (!isRecord(workflow.settings) || workflow.settings.executionOrder !== 'v1')
    issue("settings.executionOrder must be 'v1'");

  const nodes = Array.isArray(workflow.nodes) ? (workflow.nodes as WorkflowNode[]) : [];
  if (!Array.isArray(workflow.nodes) || nodes.length === 0) issue('nodes must be a non-empty list');
  const names = new Set<string>();
  const nodeIds = new Set<string>();
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.name !== 'string' || node.name === '') {
      issue('a node has no name');
      continue;
    }
    if (names.has(node.name)) issue('the node name is used twice', node.name);
    names.add(node.name);
    if (typeof node.id === 'string') {
      if (nodeIds.has(node.id)) issue(`node id ${node.id} is used twice`, node.name);
      nodeIds.add(node.id);
    }
    if (typeof node.webhookId === 'string') {
      const other = seen.webhookIds.get(node.webhookId);
      if (other) issue(`webhookId ${node.webhookId} is also used by ${other}`, node.name);
      else seen.webhookIds.set(node.webhookId, `${file} (${node.name})`);
    }
    for (const message of checkNode(node, catalog)) issue(message, node.name);
  }
  for (const message of checkConnections(workflow.connections ?? {}, names)) issue(message);

  const { nodes: _nodes, ...rest } = workflow;
  const secrets: string[] = [];
  secretsAnywhere(rest, 'workflow', secrets);
  nodes.forEach((node) => {
    const { parameters: _parameters, credentials: _credentials, ...other } = node;
    secretsAnywhere(other, 'node', secrets);
  });
  for (const message of secrets) issue(message);
  return issues;
}

/** Every problem of every workflow file in `dir` (non-recursive, *.json); none = all good. */
export function lintWorkflows(dir: string, catalog: NodeCatalog): LintIssue[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const seen: Seen = { workflowIds: new Map(), webhookIds: new Map() };
  return files.flatMap((file) => lintFile(dir, file, catalog, seen));
}
