// The versioned workflows/<key>.json files and their two translations: file → the body n8n's
// public API takes (credential placeholders resolved to real credentials), and live n8n
// workflow → the file form (real credential ids mapped back to the placeholders, the repo's
// id, key and version put back). Both sides are compared in that file form, normalized by
// shared/workflow-format.ts, so a hash or a diff sees only real edits.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import type { N8nCredential, N8nNode, N8nWorkflow, N8nWorkflowBody } from './n8n-public-api.ts';

export type RepoWorkflow = {
  key: string;
  file: string;
  version: number;
  /** The parsed file. */
  workflow: Record<string, unknown>;
  /** formatWorkflow(workflow): the canonical text. */
  text: string;
  /** SHA-256 of `text`. */
  hash: string;
};

export type CredentialRef = { id: string; name: string };

/** Placeholder ids the committed files use, for credential types no file of this run names. */
const KNOWN_PLACEHOLDERS: Record<string, CredentialRef> = {
  chronosApi: { id: 'chronosApiCredential', name: 'Chronos API' },
  googleCalendarOAuth2Api: { id: 'googleCalendarCredential', name: 'Google Calendar' },
};

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class WorkflowFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'WorkflowFileError';
    this.file = file;
  }
}

export function readRepoWorkflow(file: string): RepoWorkflow {
  const key = path.basename(file, '.json');
  if (!KEY.test(key)) throw new WorkflowFileError(file, 'the file name must be <key>.json with a simple key');
  let workflow: Record<string, unknown>;
  try {
    workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new WorkflowFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!workflow || typeof workflow !== 'object' || Array.isArray(workflow))
    throw new WorkflowFileError(file, 'not a JSON object');
  const meta = (workflow.meta ?? {}) as Record<string, unknown>;
  const version = meta.chronosVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new WorkflowFileError(file, 'meta.chronosVersion must be a positive integer');
  if (meta.chronosKey !== undefined && meta.chronosKey !== key)
    throw new WorkflowFileError(file, `meta.chronosKey is "${String(meta.chronosKey)}", the file stem "${key}"`);
  if (typeof workflow.name !== 'string' || !Array.isArray(workflow.nodes))
    throw new WorkflowFileError(file, 'needs a name and a nodes array');
  const text = formatWorkflow(workflow);
  return { key, file, version, workflow, text, hash: sha256(text) };
}

/** The repo's workflows, by key (all *.json of `dir`, or only `keys`, each of which must exist). */
export function readRepoWorkflows(dir: string, keys: string[] = []): Map<string, RepoWorkflow> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const wanted = new Set(keys);
  const found = new Map<string, RepoWorkflow>();
  for (const file of files) {
    const key = path.basename(file, '.json');
    if (wanted.size && !wanted.has(key)) continue;
    found.set(key, readRepoWorkflow(path.join(dir, file)));
  }
  return found;
}

/** Credential type → the placeholder reference the repo uses for it. */
export function credentialPlaceholders(repo: Iterable<RepoWorkflow>): Map<string, CredentialRef> {
  const map = new Map(Object.entries(KNOWN_PLACEHOLDERS));
  for (const workflow of repo) {
    for (const node of workflow.workflow.nodes as N8nNode[]) {
      for (const [type, ref] of Object.entries(node.credentials ?? {})) {
        if (ref?.id) map.set(type, { id: ref.id, name: ref.name });
      }
    }
  }
  return map;
}

/** Resolves placeholders by credential type and name to n8n's credentials. */
export class CredentialResolver {
  private readonly byTypeAndName = new Map<string, N8nCredential>();
  private readonly ids = new Set<string>();

  constructor(credentials: N8nCredential[]) {
    for (const credential of credentials) {
      this.ids.add(credential.id);
      // The oldest of several equally named ones: stable across runs.
      const key = `${credential.type}\0${credential.name}`;
      if (!this.byTypeAndName.has(key)) this.byTypeAndName.set(key, credential);
    }
  }

  find(type: string, name: string): N8nCredential | undefined {
    return this.byTypeAndName.get(`${type}\0${name}`);
  }

  exists(id: string | null | undefined): boolean {
    return !!id && this.ids.has(id);
  }
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * The body for POST/PUT /api/v1/workflows. Credentials are mapped by type and name; a
 * reference without a matching credential keeps its placeholder (n8n accepts it; the editor
 * shows the credential as missing) and is listed in `missing`.
 */
export function toN8nBody(
  repo: RepoWorkflow,
  credentials: CredentialResolver,
): { body: N8nWorkflowBody; missing: Array<{ node: string; type: string; name: string }> } {
  const missing: Array<{ node: string; type: string; name: string }> = [];
  const nodes = clone(repo.workflow.nodes as N8nNode[]).map((node) => {
    for (const [type, ref] of Object.entries(node.credentials ?? {})) {
      const found = credentials.find(type, ref.name);
      if (found) node.credentials![type] = { id: found.id, name: found.name };
      else missing.push({ node: node.name, type, name: ref.name });
    }
    return node;
  });
  const source = repo.workflow;
  const body: N8nWorkflowBody = {
    name: source.name as string,
    nodes,
    connections: clone((source.connections ?? {}) as Record<string, unknown>),
    settings: clone((source.settings ?? {}) as Record<string, unknown>),
  };
  if (typeof source.description === 'string') body.description = source.description;
  if (Array.isArray(source.nodeGroups) && source.nodeGroups.length) body.nodeGroups = clone(source.nodeGroups);
  return { body, missing };
}

/**
 * A live workflow in the file form: the fields a file holds, credential ids mapped back to the
 * placeholders (so linking the real credential is not an edit), and the repo's own id, key and
 * version (n8n keeps none of them).
 */
export function toRepoForm(
  live: N8nWorkflow,
  identity: { key: string; version: number; repoId?: string },
  placeholders: Map<string, CredentialRef>,
): Record<string, unknown> {
  const nodes = clone(live.nodes).map((node) => {
    for (const [type, ref] of Object.entries(node.credentials ?? {})) {
      const placeholder = placeholders.get(type);
      node.credentials![type] = placeholder
        ? { id: placeholder.id, name: ref.name }
        : { id: `${type}Credential`, name: ref.name };
    }
    return node;
  });
  const form: Record<string, unknown> = {
    id: identity.repoId ?? live.id,
    name: live.name,
    nodes,
    connections: live.connections ?? {},
    settings: live.settings ?? {},
    meta: { chronosKey: identity.key, chronosVersion: identity.version },
  };
  if (typeof live.description === 'string' && live.description !== '') form.description = live.description;
  if (Array.isArray(live.nodeGroups) && live.nodeGroups.length) form.nodeGroups = live.nodeGroups;
  return form;
}

export function liveText(
  live: N8nWorkflow,
  identity: { key: string; version: number; repoId?: string },
  placeholders: Map<string, CredentialRef>,
): string {
  return formatWorkflow(toRepoForm(live, identity, placeholders));
}

/** Node types n8n cannot activate a workflow on (it needs a trigger, poller or webhook). */
const NOT_ACTIVATING = /\.(manualTrigger|executeWorkflowTrigger|errorTrigger|evaluationTrigger)$/;

export function hasActivatableTrigger(nodes: N8nNode[]): boolean {
  return nodes.some(
    (node) =>
      !node.disabled &&
      !NOT_ACTIVATING.test(node.type) &&
      (/trigger$/i.test(node.type) || /\.(webhook|formTrigger|chatTrigger)$/.test(node.type)),
  );
}

/** Credentials the enabled nodes reference that n8n does not have ("Google Calendar (googleCalendarOAuth2Api)"). */
export function missingCredentials(nodes: N8nNode[], credentials: CredentialResolver): string[] {
  const missing = new Set<string>();
  for (const node of nodes) {
    if (node.disabled) continue;
    for (const [type, ref] of Object.entries(node.credentials ?? {})) {
      if (!credentials.exists(ref.id)) missing.add(`${ref.name} (${type})`);
    }
  }
  return [...missing].sort();
}
