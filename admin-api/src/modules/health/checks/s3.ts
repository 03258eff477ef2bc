// S3 (only when the backup setting targets S3): a HEAD on the backup bucket with the minio
// client — endpoint reachable, credentials accepted, bucket present. The client gets no retries
// and an HTTP agent of its own that is destroyed after the check, so an endpoint that accepts
// connections but never answers holds no socket past the deadline.
import http from 'node:http';
import https from 'node:https';
import type pg from 'pg';
import { loadBackupSettings } from '../../backups/backup-settings.ts';
import { s3Client } from '../../backups/storage-s3.ts';
import { runCheck, skipped, type CheckResult } from '../check.ts';

/** S3 error codes and socket errors are safe to show; anything else gets a generic text. */
function s3Failure(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  return new Error(typeof code === 'string' ? `S3 request failed (${code})` : 'S3 request failed');
}

export async function checkS3(
  pool: pg.Pool,
  options: { timeoutMs: number; encryptionKey: Buffer },
): Promise<CheckResult> {
  let agent: http.Agent | undefined;
  const result = await runCheck(
    'S3',
    options.timeoutMs,
    async () => {
      const { settings, secretKey } = await loadBackupSettings(pool, options.encryptionKey);
      // target defaults to s3: only a setting that names an endpoint or a bucket means S3 is in use.
      if (settings.target !== 's3' || (!settings.endpoint && !settings.bucket))
        return skipped('backups do not target S3');
      if (!settings.endpoint) return { status: 'down', error: 'the backup setting has no S3 endpoint' };
      if (!settings.bucket) return { status: 'down', error: 'the backup setting has no bucket' };
      agent =
        new URL(settings.endpoint).protocol === 'https:'
          ? new https.Agent({ keepAlive: false })
          : new http.Agent({ keepAlive: false });
      const client = s3Client(
        {
          endpoint: settings.endpoint,
          bucket: settings.bucket,
          region: settings.region,
          accessKey: settings.access_key,
          secretKey,
          forcePathStyle: settings.force_path_style,
        },
        { transportAgent: agent, retryOptions: { disableRetry: true } },
      );
      let exists: boolean;
      try {
        exists = await client.bucketExists(settings.bucket);
      } catch (error) {
        throw s3Failure(error);
      }
      return exists ? { status: 'up' } : { status: 'down', error: 'the backup bucket does not exist' };
    },
    () => agent?.destroy(),
  );
  if (result.status === 'skipped') delete result.latency_ms;
  return result;
}
