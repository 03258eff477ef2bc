// A real local S3-compatible server for tests and benchmarks: s3rver (filesystem-backed, speaks
// the S3 REST protocol; the minio client talks to it as to any S3) behind a thin HTTP proxy
// that adds the two multipart calls s3rver lacks:
//   - GET /{bucket}?uploads (ListMultipartUploads), which minio's removeIncompleteUpload and
//     putObject's resume logic call — s3rver answers 501;
//   - DELETE /{bucket}/{key}?uploadId=… (AbortMultipartUpload) — s3rver answers 405.
// The proxy tracks uploads from the real InitiateMultipartUpload answers and their completion,
// so the listing is true, and a test can assert that a failed backup left no upload behind.
// Objects of any size pass through unchanged (no cap to suit the fake).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export type LocalS3 = {
  /** http://127.0.0.1:<port> — use path-style addressing. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** Multipart uploads started and neither completed nor aborted, per bucket/key. */
  openUploads(): Array<{ bucket: string; key: string; uploadId: string }>;
  /**
   * Holds part uploads (UploadPart requests) until the returned function is called: a test can
   * look at a backup while it is certainly still running, without timing assumptions.
   */
  holdParts(): () => void;
  /** The stored object's file on disk (to damage it in tests). */
  objectFile(bucket: string, key: string): string;
  close(): Promise<void>;
};

type Upload = { bucket: string; key: string; uploadId: string; initiated: Date };

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function listUploadsXml(bucket: string, prefix: string, uploads: Upload[]): string {
  const items = uploads
    .filter((u) => u.bucket === bucket && u.key.startsWith(prefix))
    .map(
      (u) =>
        `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.uploadId}</UploadId>` +
        `<Initiator><ID>local</ID><DisplayName>local</DisplayName></Initiator>` +
        `<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner>` +
        `<StorageClass>STANDARD</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Bucket>${xmlEscape(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
    `<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker><Prefix>${xmlEscape(prefix)}</Prefix>` +
    `<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${items}</ListMultipartUploadsResult>`
  );
}

export async function startLocalS3(options: { buckets?: string[] } = {}): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  const backend = (await server.run()) as AddressInfo;
  const uploads = new Map<string, Upload>();

  let held: Array<() => void> | undefined;

  const proxy = http.createServer((req, res) => {
    if (held && req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? '')) {
      req.pause();
      held.push(() => forward(req, res));
      return;
    }
    forward(req, res);
  });

  function forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://local');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploadId = url.searchParams.get('uploadId');
    if (req.method === 'GET' && !key && url.searchParams.has('uploads')) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(listUploadsXml(decodeURIComponent(bucket), url.searchParams.get('prefix') ?? '', [...uploads.values()]));
      req.resume();
      return;
    }
    if (req.method === 'DELETE' && key && uploadId) {
      uploads.delete(uploadId);
      res.writeHead(204).end();
      req.resume();
      return;
    }
    const upstream = http.request(
      { host: backend.address, port: backend.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const initiate = req.method === 'POST' && url.searchParams.has('uploads');
        const complete = req.method === 'POST' && uploadId !== null;
        if (complete && answer.statusCode === 200) uploads.delete(uploadId);
        if (!initiate) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const id = /<UploadId>([^<]+)<\/UploadId>/.exec(body.toString())?.[1];
          if (id && answer.statusCode === 200)
            uploads.set(id, { bucket: decodeURIComponent(bucket), key, uploadId: id, initiated: new Date() });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  }
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    // s3rver's default account; it does not check signatures (ARCHITECTURE: S3 in tests).
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    holdParts: () => {
      held ??= [];
      return () => {
        const waiting = held ?? [];
        held = undefined;
        for (const go of waiting) go();
      };
    },
    openUploads: () => [...uploads.values()].map(({ bucket, key, uploadId }) => ({ bucket, key, uploadId })),
    objectFile: (bucket, key) => path.join(directory, bucket, `${key}._S3rver_object`),
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
