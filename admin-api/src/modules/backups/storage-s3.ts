// Backups in an S3-compatible bucket through the `minio` client. The archive's length is
// unknown while it streams, so it is uploaded as a multipart upload driven here: parts of
// BACKUP_S3_PART_SIZE_MB (growing, see partSizeFor), one part uploading while the next fills, and the
// upload aborted when the source fails. minio's own putObject is not used for this: with an
// unknown size it buffers ~560 MiB parts unless told otherwise, first lists incomplete uploads
// to resume one (not every S3 server implements that), and never settles when its source
// stream errors. An archive smaller than one part is a single PUT.
import { Readable } from 'node:stream';
import * as Minio from 'minio';
import type { BackupStorage } from './storage.ts';

export type S3Options = {
  endpoint: string;
  bucket: string;
  region: string | null;
  accessKey: string | null;
  secretKey: string | null;
  forcePathStyle: boolean;
  partSizeBytes: number;
};

/**
 * The one place a backup setting becomes a minio client. `transport` lets a caller bring its own
 * HTTP agent and retry policy (the /health S3 check: no retries, an agent it destroys).
 */
export function s3Client(
  options: Omit<S3Options, 'partSizeBytes'> & { partSizeBytes?: number },
  transport: Pick<Minio.ClientOptions, 'transportAgent' | 'retryOptions'> = {},
): Minio.Client {
  const url = new URL(options.endpoint);
  const useSSL = url.protocol === 'https:';
  return new Minio.Client({
    ...transport,
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: options.accessKey ?? '',
    secretKey: options.secretKey ?? '',
    ...(options.region ? { region: options.region } : {}),
    pathStyle: options.forcePathStyle,
    ...(options.partSizeBytes ? { partSize: options.partSizeBytes } : {}),
  });
}

const isMissing = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === 'NotFound' || code === 'NoSuchKey';
};

/**
 * The size of part `number`: the configured size, doubled every 1000 parts. S3 allows at most
 * 10,000 parts, and the archive's size is unknown up front: 8 MiB parts alone would cap it at
 * 80 GB; growing parts cap it beyond any database, while small backups keep small buffers.
 */
export const partSizeFor = (base: number, number: number) => base * 2 ** Math.floor((number - 1) / 1000);

/**
 * Reads `source` into parts and hands each to an upload function. Two part buffers are used in
 * turn — one fills while the other uploads — and chunks are copied in and dropped at once, so
 * memory stays at two parts (no chunk lists, no concatenated copies) whatever the archive's size.
 */
async function multipart(
  source: Readable,
  partSize: number,
  uploadFirst: (first: Buffer, last: boolean) => Promise<void>,
  uploadPart: (part: Buffer, number: number) => Promise<void>,
): Promise<void> {
  const buffers: Buffer[] = [];
  let current = 0;
  let number = 0; // parts handed over so far
  let filled = 0;
  let inFlight: Promise<void> | undefined;
  const bufferFor = (index: number) => {
    const size = partSizeFor(partSize, number + 1);
    if (!buffers[index] || buffers[index].length !== size) buffers[index] = Buffer.allocUnsafe(size);
    return buffers[index];
  };
  let target = bufferFor(current);
  const flush = async (last: boolean) => {
    const part = target.subarray(0, filled);
    await inFlight; // the other buffer is free again once its upload is done
    number += 1;
    // The first part decides: the whole archive (single PUT) or the start of a multipart upload.
    inFlight = number === 1 ? uploadFirst(part, last) : uploadPart(part, number);
    // Keep the promise observed so a failure while the next part fills is not "unhandled".
    inFlight.catch(() => undefined);
    current ^= 1;
    filled = 0;
    target = bufferFor(current);
  };
  for await (const chunk of source as AsyncIterable<Buffer>) {
    for (let offset = 0; offset < chunk.length; ) {
      const copied = chunk.copy(target, filled, offset);
      filled += copied;
      offset += copied;
      if (filled === target.length) await flush(false);
    }
  }
  if (filled > 0 || number === 0) await flush(true);
  await inFlight;
}

/**
 * Lifecycle of a bucket Chronos creates: retention (retention.ts) removes current objects by
 * count, so the server only has to expire what that leaves behind — versions made noncurrent by
 * a removal (kept 30 days against an accidental or malicious prune) and abandoned multipart
 * uploads.
 */
const LIFECYCLE: Minio.LifecycleConfig = {
  Rule: [
    {
      ID: 'chronos-expire-removed-backups',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    },
  ],
};

/**
 * Creates the bucket when it does not exist: private (no policy is set; S3 buckets are private
 * by default), versioning on, the lifecycle above. An existing bucket is left as its operator
 * configured it. Servers without versioning or lifecycle support still get the bucket; what
 * failed is returned as notes.
 */
async function prepareBucket(client: Minio.Client, bucket: string, region: string | null): Promise<string[]> {
  if (await client.bucketExists(bucket)) return [];
  await client.makeBucket(bucket, region ?? undefined);
  const notes: string[] = [];
  await client
    .setBucketVersioning(bucket, { Status: 'Enabled' })
    .catch((error: Error) => notes.push(`bucket ${bucket} created without versioning: ${error.message}`));
  await client
    .setBucketLifecycle(bucket, LIFECYCLE)
    .catch((error: Error) => notes.push(`bucket ${bucket} created without a lifecycle rule: ${error.message}`));
  return notes;
}

export function s3Storage(options: S3Options): BackupStorage {
  const client = s3Client(options);
  const bucket = options.bucket;
  return {
    target: 's3',
    location: bucket,
    prepare: () => prepareBucket(client, bucket, options.region),
    async write(key, source) {
      let uploadId: string | undefined;
      const etags: Array<{ part: number; etag: string }> = [];
      const headers = { 'Content-Type': 'application/zip' };
      try {
        await multipart(
          source,
          options.partSizeBytes,
          async (first, last) => {
            if (last) {
              await client.putObject(bucket, key, first, first.length, headers);
              return;
            }
            uploadId = await client.initiateNewMultipartUpload(bucket, key, headers);
            const result = await client.uploadPart(
              { bucketName: bucket, objectName: key, uploadID: uploadId, partNumber: 1, headers: {} },
              first,
            );
            etags.push({ part: 1, etag: result.etag });
          },
          async (part, number) => {
            const result = await client.uploadPart(
              { bucketName: bucket, objectName: key, uploadID: uploadId!, partNumber: number, headers: {} },
              part,
            );
            etags.push({ part: number, etag: result.etag });
          },
        );
        if (uploadId) await client.completeMultipartUpload(bucket, key, uploadId, etags);
      } catch (error) {
        source.destroy();
        if (uploadId) await client.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
        // Belt and braces: anything else left under this key (a part upload racing the abort).
        await client.removeIncompleteUpload(bucket, key).catch(() => undefined);
        throw error;
      }
    },
    async size(key) {
      try {
        return (await client.statObject(bucket, key)).size;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(key, range) {
      if (!range) return client.getObject(bucket, key);
      if (range.end <= range.start) return Readable.from([]);
      return client.getPartialObject(bucket, key, range.start, range.end - range.start);
    },
    async remove(key) {
      await client.removeObject(bucket, key);
    },
    async list(prefix) {
      const keys: string[] = [];
      for await (const item of client.listObjectsV2(bucket, prefix, true) as AsyncIterable<{ name?: string }>) {
        if (item.name) keys.push(item.name);
      }
      return keys.sort();
    },
  };
}
