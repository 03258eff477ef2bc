// Response shape and list filters of /api/v1/workflow-installs (read-only: the rows are written
// by the import tooling, `npm run workflows -- import`, never through the API).
import { z } from '../../openapi/zod.ts';

export const workflowInstallSchema = z
  .object({
    id: z.string().openapi({ description: "n8n's workflow id" }),
    workflow_key: z.string().openapi({ description: 'File stem of workflows/<key>.json' }),
    name: z.string(),
    version: z.number().int().openapi({ description: 'meta.chronosVersion of the file last imported' }),
    content_hash: z.string().openapi({ description: "hex SHA-256 of the file's normalized form as imported" }),
    n8n_content_hash: z
      .string()
      .openapi({ description: 'hex SHA-256 of the live workflow right after the import (edit detection)' }),
    n8n_version_id: z.string().nullable(),
    n8n_updated_at: z.iso.datetime().nullable(),
    active: z.boolean(),
    file_name: z.string().nullable(),
    imported_at: z.iso.datetime(),
    imported_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('WorkflowInstall');

export const workflowInstallFilters = {
  workflow_key: z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(100)]),
  active: z.boolean('must be true or false'),
};

export const SORTABLE = ['workflow_key', 'name', 'version', 'imported_at'];

export type WorkflowInstallDto = z.infer<typeof workflowInstallSchema>;
