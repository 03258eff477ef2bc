// import / export / diff / status of the versioned workflows against a live n8n, as functions
// (the CLI, `npm start` and the tests call these). How a change is told apart:
// - the repo side is `meta.chronosVersion` of workflows/<key>.json; authors raise it to ship a
//   change (`export --bump` does it for edits made in n8n);
// - n8n cannot store our key or version (its public API refuses `meta`), so workflow_installs
//   keeps, per key, the n8n id, the version and the hash of the live workflow (in the file
//   form) right after the import; a live hash that differs later means someone edited the
//   workflow in n8n, and that edit is never overwritten without --force.
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import fs from 'node:fs';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import { N8nApiError, type N8nCredential, type N8nPublicApi, type N8nWorkflow } from './n8n-public-api.ts';
import { diffWorkflows } from './workflow-diff.ts';
import {
  CredentialResolver,
  credentialPlaceholders,
  hasActivatableTrigger,
  liveText,
  missingCredentials,
  readRepoWorkflows,
  sha256,
  toN8nBody,
  toRepoForm,
  type CredentialRef,
  type RepoWorkflow,
} from './workflow-files.ts';
import { readInstalls, recordInstall, type InstallAction, type InstallRecord } from './workflow-installs.ts';

export type SyncContext = {
  n8n: N8nPublicApi;
  pool: pg.Pool;
  /** The workflows folder (workflows/ of the repo, or a copy). */
  dir: string;
  /** Who runs it, stored as imported_by and in the audit rows. */
  actor?: string;
};

export const defaultActor = () => `cli:${os.userInfo().username}@${os.hostname()}`;

export type ImportState = 'installed' | 'upgraded' | 'overwritten' | 'up to date' | 'conflict' | 'kept' | 'failed';

export type ImportOutcome = {
  key: string;
  state: ImportState;
  detail: string;
  workflowId?: string;
  /** Activation result with --activate: "activated", "already active", "not activated: …". */
  activation?: string;
  /** Credentials the workflow references that n8n does not have. */
  missingCredentials?: string[];
};

type Live = { workflow: N8nWorkflow; record?: InstallRecord; adopted: boolean };

/** The live workflow of a key: through its install record, else a workflow of the same name. */
function findLive(
  key: string,
  repo: RepoWorkflow | undefined,
  record: InstallRecord | undefined,
  byId: Map<string, N8nWorkflow>,
  claimed: Set<string>,
): Live | undefined {
  if (record) {
    const workflow = byId.get(record.workflow_id);
    if (workflow) return { workflow, record, adopted: false };
  }
  if (!repo) return undefined;
  const sameName = [...byId.values()].find((w) => w.name === repo.workflow.name && !claimed.has(w.id));
  return sameName && { workflow: sameName, adopted: true };
}

async function snapshot(ctx: SyncContext, keys: string[]) {
  const repo = readRepoWorkflows(ctx.dir, keys);
  const missingKeys = keys.filter((k) => !repo.has(k));
  const installs = await readInstalls(ctx.pool);
  const live = await ctx.n8n.listWorkflows();
  const byId = new Map(live.map((w) => [w.id, w]));
  const claimed = new Set([...installs.values()].map((r) => r.workflow_id));
  const placeholders = credentialPlaceholders(repo.values());
  return { repo, missingKeys, installs, byId, claimed, placeholders };
}

/** Creates n8n's "Chronos API" credential unless one exists; the id either way (or undefined). */
export async function ensureChronosCredential(
  n8n: N8nPublicApi,
  access: { baseUrl?: string; apiKey?: string; webhookSecret?: string },
  existing?: N8nCredential[],
): Promise<{ id?: string; created: boolean }> {
  const credentials = existing ?? (await n8n.listCredentials());
  const found = new CredentialResolver(credentials).find('chronosApi', 'Chronos API');
  if (found) return { id: found.id, created: false };
  if (!access.baseUrl || !access.apiKey) return { created: false };
  const created = await n8n.createCredential({
    name: 'Chronos API',
    type: 'chronosApi',
    data: { baseUrl: access.baseUrl, apiKey: access.apiKey, webhookSecret: access.webhookSecret ?? '' },
  });
  return { id: created.id, created: true };
}

export type ImportOptions = {
  keys?: string[];
  force?: boolean;
  activate?: boolean;
  /** Creates the Chronos API credential when n8n has none (CHRONOS_API_URL / _KEY / _WEBHOOK_SECRET). */
  chronosApi?: { baseUrl?: string; apiKey?: string; webhookSecret?: string };
};

export async function importWorkflows(ctx: SyncContext, options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const actor = ctx.actor ?? defaultActor();
  const { repo, missingKeys, installs, byId, claimed, placeholders } = await snapshot(ctx, options.keys ?? []);
  if (missingKeys.length) throw new Error(`no workflows/${missingKeys[0]}.json in ${ctx.dir}`);
  let credentialList = await ctx.n8n.listCredentials();
  if (options.chronosApi) {
    const ensured = await ensureChronosCredential(ctx.n8n, options.chronosApi, credentialList);
    if (ensured.created) credentialList = await ctx.n8n.listCredentials();
  }
  const credentials = new CredentialResolver(credentialList);
  const outcomes: ImportOutcome[] = [];

  for (const file of repo.values()) {
    try {
      const outcome = await importOne(ctx, file, {
        live: findLive(file.key, file, installs.get(file.key), byId, claimed),
        credentials,
        placeholders,
        force: options.force ?? false,
        actor,
      });
      if (outcome.live) {
        claimed.add(outcome.live.id);
        outcome.workflowId = outcome.live.id;
      }
      if (options.activate && outcome.live && outcome.state !== 'failed') {
        outcome.activation = await activate(ctx, file, outcome.live, credentials, actor);
      }
      delete outcome.live;
      outcomes.push(outcome);
    } catch (error) {
      outcomes.push({ key: file.key, state: 'failed', detail: (error as Error).message });
    }
  }
  return outcomes;
}

type StepResult = ImportOutcome & { live?: N8nWorkflow };

async function importOne(
  ctx: SyncContext,
  file: RepoWorkflow,
  step: {
    live: Live | undefined;
    credentials: CredentialResolver;
    placeholders: Map<string, CredentialRef>;
    force: boolean;
    actor: string;
  },
): Promise<StepResult> {
  const { body, missing } = toN8nBody(file, step.credentials);
  const missingCredentials = [...new Set(missing.map((m) => `${m.name} (${m.type})`))];
  const base = { key: file.key, ...(missingCredentials.length ? { missingCredentials } : {}) };
  const repoId = typeof file.workflow.id === 'string' ? file.workflow.id : undefined;

  const save = async (workflowId: string | undefined, action: InstallAction): Promise<N8nWorkflow> => {
    const written = workflowId ? await ctx.n8n.updateWorkflow(workflowId, body) : await ctx.n8n.createWorkflow(body);
    // Read back: the hash must be of what n8n holds, with whatever defaults it adds.
    const live = (await ctx.n8n.getWorkflow(written.id)) ?? written;
    await recordInstall(
      ctx.pool,
      {
        workflow_id: live.id,
        workflow_key: file.key,
        name: live.name,
        version: file.version,
        content_hash: file.hash,
        n8n_content_hash: sha256(liveText(live, { key: file.key, version: file.version, repoId }, step.placeholders)),
        n8n_version_id: live.versionId ?? null,
        n8n_updated_at: live.updatedAt ? new Date(live.updatedAt) : null,
        active: live.active,
        file_name: path.basename(file.file),
        imported_by: step.actor,
      },
      action,
      `npm run workflows import (${step.actor})`,
    );
    return live;
  };

  if (!step.live) {
    const live = await save(undefined, 'install');
    return { ...base, state: 'installed', detail: `installed v${file.version} as n8n workflow ${live.id}`, live };
  }

  const { workflow, record } = step.live;
  const installedVersion = record?.version;
  const liveNow = liveText(
    workflow,
    { key: file.key, version: installedVersion ?? file.version, repoId },
    step.placeholders,
  );
  // Without a record (adopted by name) only an identical workflow counts as unedited.
  const edited = record ? sha256(liveNow) !== record.n8n_content_hash : liveNow !== file.text;
  const sameAsRepo =
    liveText(workflow, { key: file.key, version: file.version, repoId }, step.placeholders) === file.text;

  if (step.force && (edited || !sameAsRepo || !record)) {
    const live = await save(workflow.id, 'overwrite');
    return {
      ...base,
      state: 'overwritten',
      detail: `overwrote n8n workflow ${workflow.id} with v${file.version}${edited ? ' (its edits in n8n are replaced)' : ''}`,
      live,
    };
  }
  if (!record) {
    if (!edited) {
      const live = await save(workflow.id, 'adopt');
      return { ...base, state: 'up to date', detail: `adopted n8n workflow ${workflow.id} (same content)`, live };
    }
    return {
      ...base,
      state: 'conflict',
      detail: `n8n has a different workflow named "${workflow.name}" (${workflow.id}) that was not installed by this tool; left alone (--force replaces it)`,
      live: workflow,
    };
  }
  if (file.version > record.version) {
    if (edited) {
      return {
        ...base,
        state: 'conflict',
        detail: `v${file.version} available (installed v${record.version}), but the workflow was edited in n8n since the import; left alone (see \`diff ${file.key}\`, then \`export ${file.key} --bump\` to keep the edit or \`import --force ${file.key}\` to replace it)`,
        live: workflow,
      };
    }
    const live = await save(workflow.id, 'upgrade');
    return { ...base, state: 'upgraded', detail: `upgraded v${record.version} → v${file.version}`, live };
  }
  if (edited) {
    return {
      ...base,
      state: 'kept',
      detail: `edited in n8n since the import of v${record.version}; left alone`,
      live: workflow,
    };
  }
  if (file.version < record.version) {
    return {
      ...base,
      state: 'kept',
      detail: `the installed v${record.version} is newer than the repo's v${file.version}; left alone`,
      live: workflow,
    };
  }
  if (file.hash !== record.content_hash && !sameAsRepo) {
    return {
      ...base,
      state: 'kept',
      detail: `workflows/${file.key}.json changed but its meta.chronosVersion is still ${file.version}; bump it (or --force)`,
      live: workflow,
    };
  }
  return { ...base, state: 'up to date', detail: `v${record.version}`, live: workflow };
}

async function activate(
  ctx: SyncContext,
  file: RepoWorkflow,
  live: N8nWorkflow,
  credentials: CredentialResolver,
  actor: string,
): Promise<string> {
  if (live.active) return 'already active';
  if (!hasActivatableTrigger(live.nodes)) return 'not activated: no trigger that can be activated';
  const missing = missingCredentials(live.nodes, credentials);
  if (missing.length) return `not activated: needs credential ${missing.join(', ')}`;
  let published: N8nWorkflow;
  try {
    published = await ctx.n8n.publishWorkflow(live.id);
  } catch (error) {
    if (error instanceof N8nApiError) return `activation failed: ${error.message}`;
    throw error;
  }
  // Publishing changes neither nodes nor settings; the record only learns the new state.
  const record = (await readInstalls(ctx.pool)).get(file.key);
  if (record && record.workflow_id === live.id) {
    await recordInstall(
      ctx.pool,
      {
        ...record,
        active: published.active,
        n8n_updated_at: published.updatedAt ? new Date(published.updatedAt) : null,
      },
      'activate',
      `npm run workflows import --activate (${actor})`,
    );
  }
  return 'activated';
}

// ---------------------------------------------------------------------------------------------
// status, diff, export
// ---------------------------------------------------------------------------------------------

export type StatusState =
  | 'up to date'
  | 'upgrade available'
  | 'edited in n8n'
  | 'changed in repo (same version)'
  | 'installed is newer'
  | 'not installed'
  | 'deleted in n8n'
  | 'missing in repo';

export type StatusRow = {
  key: string;
  repoVersion?: number;
  installedVersion?: number;
  state: StatusState;
  workflowId?: string;
  active?: boolean;
};

export async function workflowStatus(ctx: SyncContext): Promise<StatusRow[]> {
  const { repo, installs, byId, claimed, placeholders } = await snapshot(ctx, []);
  const rows: StatusRow[] = [];
  for (const key of [...new Set([...repo.keys(), ...installs.keys()])].sort()) {
    const file = repo.get(key);
    const record = installs.get(key);
    const live = findLive(key, file, record, byId, claimed);
    const row: Omit<StatusRow, 'state'> & { state?: StatusState } = {
      key,
      repoVersion: file?.version,
      installedVersion: record?.version,
      workflowId: live?.workflow.id ?? record?.workflow_id,
      active: live?.workflow.active,
    };
    if (!file) row.state = 'missing in repo';
    else if (!live) row.state = record ? 'deleted in n8n' : 'not installed';
    else {
      const repoId = typeof file.workflow.id === 'string' ? file.workflow.id : undefined;
      const version = record?.version ?? file.version;
      const text = liveText(live.workflow, { key, version, repoId }, placeholders);
      const edited = record ? sha256(text) !== record.n8n_content_hash : text !== file.text;
      if (edited) row.state = 'edited in n8n';
      else if (!record || file.version === record.version)
        row.state = !record || file.hash === record.content_hash ? 'up to date' : 'changed in repo (same version)';
      else row.state = file.version > record.version ? 'upgrade available' : 'installed is newer';
    }
    rows.push(row as StatusRow);
  }
  return rows;
}

export type DiffResult = { key: string; state: 'same' | 'differs' | 'not installed'; lines: string[] };

export async function diffWorkflowsWithN8n(ctx: SyncContext, keys: string[] = []): Promise<DiffResult[]> {
  const { repo, missingKeys, installs, byId, claimed, placeholders } = await snapshot(ctx, keys);
  if (missingKeys.length) throw new Error(`no workflows/${missingKeys[0]}.json in ${ctx.dir}`);
  const results: DiffResult[] = [];
  for (const file of repo.values()) {
    const record = installs.get(file.key);
    const live = findLive(file.key, file, record, byId, claimed);
    if (!live) {
      results.push({ key: file.key, state: 'not installed', lines: [] });
      continue;
    }
    const repoId = typeof file.workflow.id === 'string' ? file.workflow.id : undefined;
    const liveForm = JSON.parse(
      liveText(live.workflow, { key: file.key, version: record?.version ?? file.version, repoId }, placeholders),
    ) as Record<string, unknown>;
    const lines = diffWorkflows(JSON.parse(file.text) as Record<string, unknown>, liveForm);
    results.push({ key: file.key, state: lines.length ? 'differs' : 'same', lines });
  }
  return results;
}

export type ExportResult = {
  key: string;
  file: string;
  state: 'written' | 'unchanged' | 'not installed';
  version?: number;
};

/**
 * Writes the live workflows back to <dir>/<key>.json in the file form. The version stays as it
 * is unless `bump` is set and the content changed (then +1): authors decide when a change is a
 * new version. The install record follows, so status reads "up to date" afterwards.
 */
export async function exportWorkflows(
  ctx: SyncContext,
  options: { keys?: string[]; bump?: boolean } = {},
): Promise<ExportResult[]> {
  const actor = ctx.actor ?? defaultActor();
  const keys = options.keys ?? [];
  const { repo, installs, byId, claimed, placeholders } = await snapshot(
    ctx,
    keys.filter((k) => fs.existsSync(path.join(ctx.dir, `${k}.json`))),
  );
  const wanted = keys.length ? keys : [...new Set([...repo.keys(), ...installs.keys()])].sort();
  const results: ExportResult[] = [];
  for (const key of wanted) {
    const file = repo.get(key);
    const record = installs.get(key);
    const found = findLive(key, file, record, byId, claimed);
    const target = path.join(ctx.dir, `${key}.json`);
    if (!found) {
      results.push({ key, file: target, state: 'not installed' });
      continue;
    }
    const live = (await ctx.n8n.getWorkflow(found.workflow.id)) ?? found.workflow;
    const repoId = typeof file?.workflow.id === 'string' ? file.workflow.id : undefined;
    let version = file?.version ?? record?.version ?? 1;
    let text = formatWorkflow(toRepoForm(live, { key, version, repoId }, placeholders));
    if (options.bump && file && text !== file.text) {
      version += 1;
      text = formatWorkflow(toRepoForm(live, { key, version, repoId }, placeholders));
    }
    const changed = !file || text !== file.text;
    if (changed) fs.writeFileSync(target, text);
    const hash = sha256(text);
    const recorded = record?.workflow_id === live.id && record.version === version && record.n8n_content_hash === hash;
    if (!recorded)
      await recordInstall(
        ctx.pool,
        {
          workflow_id: live.id,
          workflow_key: key,
          name: live.name,
          version,
          content_hash: hash,
          n8n_content_hash: hash,
          n8n_version_id: live.versionId ?? null,
          n8n_updated_at: live.updatedAt ? new Date(live.updatedAt) : null,
          active: live.active,
          file_name: `${key}.json`,
          imported_by: actor,
        },
        'export',
        `npm run workflows export (${actor})`,
      );
    results.push({ key, file: target, state: changed ? 'written' : 'unchanged', version });
  }
  return results;
}
