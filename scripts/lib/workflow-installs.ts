// workflow_installs rows (migrations/0010, 0022) as the import tooling reads and writes them.
// Every write carries its audit row in the same transaction (admin-api's audit helper), like
// every other change in Chronos.
import type pg from 'pg';
import { withTransaction } from '../../admin-api/src/db/pool.ts';
import { appendAudit } from '../../admin-api/src/modules/audit/repo.ts';

export type InstallRecord = {
  workflow_id: string;
  workflow_key: string;
  name: string;
  version: number;
  content_hash: string;
  n8n_content_hash: string;
  n8n_version_id: string | null;
  n8n_updated_at: Date | null;
  active: boolean;
  file_name: string | null;
  imported_at: Date;
  imported_by: string;
};

export type InstallInput = Omit<InstallRecord, 'imported_at'>;

export type InstallAction = 'install' | 'upgrade' | 'overwrite' | 'reinstall' | 'adopt' | 'export' | 'activate';

export async function readInstalls(pool: pg.Pool): Promise<Map<string, InstallRecord>> {
  const result = await pool.query<InstallRecord>(
    `SELECT workflow_id, workflow_key, name, version, content_hash, n8n_content_hash, n8n_version_id,
            n8n_updated_at, active, file_name, imported_at, imported_by
       FROM workflow_installs ORDER BY workflow_key`,
  );
  return new Map(result.rows.map((row) => [row.workflow_key, row]));
}

/**
 * Records what is installed for a key, replacing the key's previous row and any row of the
 * same n8n id (a workflow installed under another key before), with one audit row.
 */
export async function recordInstall(
  pool: pg.Pool,
  input: InstallInput,
  action: InstallAction,
  actorLabel: string,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    const removed = await client.query<InstallRecord>(
      `DELETE FROM workflow_installs WHERE workflow_key = $1 OR workflow_id = $2 RETURNING *`,
      [input.workflow_key, input.workflow_id],
    );
    await client.query(
      `INSERT INTO workflow_installs (workflow_id, workflow_key, name, version, content_hash, n8n_content_hash,
         n8n_version_id, n8n_updated_at, active, file_name, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        input.workflow_id,
        input.workflow_key,
        input.name,
        input.version,
        input.content_hash,
        input.n8n_content_hash,
        input.n8n_version_id,
        input.n8n_updated_at,
        input.active,
        input.file_name,
        input.imported_by,
      ],
    );
    const old = removed.rows.find((r) => r.workflow_key === input.workflow_key) ?? removed.rows[0];
    await appendAudit(client, {
      actorType: 'system',
      actorId: 'cli',
      actorLabel,
      entity: 'workflow_install',
      entityId: input.workflow_key,
      action,
      oldValue: old && auditView(old),
      newValue: auditView(input),
      riskScore: action === 'overwrite' ? 30 : 10,
    });
  });
}

const auditView = (row: InstallInput) => ({
  workflow_id: row.workflow_id,
  workflow_key: row.workflow_key,
  name: row.name,
  version: row.version,
  content_hash: row.content_hash,
  n8n_content_hash: row.n8n_content_hash,
  n8n_version_id: row.n8n_version_id,
  active: row.active,
  imported_by: row.imported_by,
});
