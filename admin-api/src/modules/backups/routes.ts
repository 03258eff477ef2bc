// /api/v1/backups and /api/v1/backup-restores (SPEC 3.6). Scope backups.manage for everything;
// console viewers read lists and records, but not the archive itself (download): it holds the
// whole database. Long work answers 202 with the record whose id is the job id: the backup
// (GET /backups/{id} shows phase, bytes_done, progress) and the restore check
// (GET /backup-restores/{id}).
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { auditActor, type Principal } from '../../http/principal.ts';
import { listRoute, route, type RouteHost } from '../../http/route.ts';
import { refuseViewer } from '../../http/refuse-viewer.ts';
import { z } from '../../openapi/zod.ts';
import { RESTORE_SORTABLE, SORTABLE } from './repo.ts';
import {
  backupFilters,
  backupSchema,
  createBackupBody,
  idParams,
  pruneBody,
  pruneResultSchema,
  restoreFilters,
  restoreSchema,
  verifiedBackupSchema,
} from './schemas.ts';
import * as service from './service.ts';

const base = '/api/v1/backups';
const tag = 'backups';
const scope = 'backups.manage' as const;

export function backupRoutes(host: RouteHost): void {
  const { ctx } = host;
  const { pool } = ctx;
  const deps: service.BackupDeps = { pool, config: ctx.config, logger: ctx.logger, version: ctx.version };

  const refuseViewerDownload = (principal: Principal, res: Response, id: string) =>
    refuseViewer(pool, principal, res, {
      scope,
      path: `${base}/${id}/download`,
      reason: 'viewer download',
      message: 'a viewer account cannot download backups (they contain the whole database)',
    });

  listRoute(host, {
    path: base,
    resource: 'backups',
    summary: 'List backups',
    tag,
    scope,
    item: backupSchema,
    list: { filters: backupFilters, sortable: SORTABLE, defaultSort: ['started_at', 'DESC'] },
    handler: (query) => service.list(pool, query),
  });

  route(host, {
    method: 'post',
    path: base,
    summary: 'Start a backup (202; the record id is the job id)',
    description:
      'Refused with 409 while another backup runs (one at a time); a running backup whose heartbeat is older than ' +
      'BACKUP_STALE_AFTER_MS is marked failed first. 422 when the backup setting lacks what its target needs. ' +
      'The result arrives as backup.completed or backup.failed and in GET /api/v1/backups/{id}.',
    tag,
    scope,
    status: 202,
    body: createBackupBody,
    response: backupSchema,
    handler: async ({ body, res }) => {
      const started = await service.startBackup(deps, { kind: body.kind }, auditActor(res, scope));
      ctx.background.track(started.run());
      return started.row;
    },
  });

  route(host, {
    method: 'post',
    path: `${base}/prune`,
    summary: 'Apply retention (keep_daily / keep_weekly / keep_monthly of the backup setting); dry_run lists only',
    description:
      'Keeps the newest good backup of each of the last N days, ISO weeks and months, and always the newest good ' +
      'backup; a prune that would delete every backup is refused with 409.',
    tag,
    scope,
    body: pruneBody,
    response: pruneResultSchema,
    handler: ({ body, res }) => service.prune(deps, body.dry_run, auditActor(res, scope)),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id`,
    summary: 'Get a backup, with live progress while it runs (phase, bytes_done, progress)',
    tag,
    scope,
    params: idParams,
    response: backupSchema,
    handler: ({ params }) => service.get(pool, params.id),
  });

  route(host, {
    method: 'get',
    path: `${base}/:id/download`,
    summary: 'Download the archive (application/zip, streamed)',
    tag,
    scope,
    params: idParams,
    response: z.unknown().openapi({ type: 'string', format: 'binary' }),
    handler: async ({ params, principal, res }) => {
      await service.get(pool, params.id); // 404 first: a viewer may know which backups exist
      await refuseViewerDownload(principal, res, params.id);
      const { row, size, stream } = await service.openDownload(deps, params.id);
      res.status(200);
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Length', String(size));
      res.setHeader('Content-Disposition', `attachment; filename="${row.object_key}"`);
      if (row.sha256) res.setHeader('Digest', `sha-256=${Buffer.from(row.sha256, 'hex').toString('base64')}`);
      await pipeline(stream, res);
      return undefined;
    },
  });

  route(host, {
    method: 'delete',
    path: `${base}/:id`,
    summary: 'Delete the archive; the record stays, with status deleted',
    tag,
    scope,
    params: idParams,
    response: backupSchema,
    handler: ({ params, res }) => service.remove(deps, params.id, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/verify`,
    summary: "Re-read the stored archive and check its SHA-256 and every file's SHA-256",
    description:
      'The result is stored on the backup: verify_status ok, mismatch (verify_error names the file), missing ' +
      '(the object is gone) or error (the storage could not be read).',
    tag,
    scope,
    params: idParams,
    response: verifiedBackupSchema,
    handler: ({ params, res }) => service.verify(deps, params.id, auditActor(res, scope)),
  });

  route(host, {
    method: 'post',
    path: `${base}/:id/restore-check`,
    summary: 'Restore into a scratch database and run the integrity checks (202; poll the restore record)',
    description:
      "Checks: dump_checksum, row_counts (per table, equal to the counts taken in the dump's snapshot), " +
      'audit_chain (audit_verify() and the recorded head), schema_version. The scratch database is dropped afterwards.',
    tag,
    scope,
    status: 202,
    params: idParams,
    response: restoreSchema,
    handler: async ({ params, res }) => {
      const started = await service.startRestoreCheck(deps, params.id, auditActor(res, scope));
      ctx.background.track(started.run());
      return started.row;
    },
  });

  listRoute(host, {
    path: '/api/v1/backup-restores',
    resource: 'backup-restores',
    summary: 'List restore checks and live restores',
    tag,
    scope,
    item: restoreSchema,
    list: { filters: restoreFilters, sortable: RESTORE_SORTABLE, defaultSort: ['started_at', 'DESC'] },
    handler: (query) => service.listRestores(pool, query),
  });

  route(host, {
    method: 'get',
    path: '/api/v1/backup-restores/:id',
    summary: 'Get a restore check or live restore, with its per-check results',
    tag,
    scope,
    params: idParams,
    response: restoreSchema,
    handler: ({ params }) => service.getRestore(pool, params.id),
  });
}
