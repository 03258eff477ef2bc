// Writes the backup archive as a ZIP stream: entries of unknown length (pg_dump's stdout) are
// written with data descriptors (sizes and CRC after the data) and zip64 records, which is what
// lets the archive stream end to end with no size known up front; readers find every entry
// through the central directory at the end. Dumps are STORED (pg_dump already compressed
// them), the small JSON/text files deflated. The SHA-256 and size of every entry and of the
// archive itself are computed while the bytes pass.
//
// abort() never ends the output normally: it destroys it with the error, so a consumer (an
// upload) sees a failure instead of a shorter archive that looks complete.
import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';

export type ArchivedFile = { name: string; size: number; sha256: string };

export type ArchiveWriter = {
  /** The archive bytes, to be consumed by exactly one reader (the storage write). */
  output: Readable;
  /** Appends one entry and resolves when all of it is in the archive. */
  add(name: string, source: Readable | Buffer | string, options?: { store?: boolean }): Promise<ArchivedFile>;
  /** Writes the central directory and ends the output. */
  finish(): Promise<void>;
  abort(error: Error): void;
  /** Archive bytes produced so far. */
  bytes(): number;
  /** The archive's SHA-256 (hex); valid once the output has ended. */
  sha256(): string;
};

/** A pass-through that hashes and counts what flows through it. */
export function hashingStream(): { stream: Transform; digest(): string; size(): number } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  let digest: string | undefined;
  return { stream, digest: () => (digest ??= hash.digest('hex')), size: () => size };
}

export function createArchiveWriter(): ArchiveWriter {
  const zip = new ZipArchive({ forceZip64: true, zlib: { level: 6 } });
  const counted = hashingStream();
  const output = counted.stream;
  let failed: Error | undefined;
  const fail = (error: Error) => {
    if (failed) return;
    failed = error;
    zip.unpipe(output);
    output.destroy(error);
    waiting?.reject(error);
  };
  zip.on('error', fail);
  zip.on('warning', fail);
  zip.pipe(output);

  let waiting: { name: string; resolve(): void; reject(error: Error): void } | undefined;
  zip.on('entry', (data) => {
    if (waiting && data.name === waiting.name) waiting.resolve();
  });

  return {
    output,
    async add(name, source, options = {}) {
      if (failed) throw failed;
      if (waiting) throw new Error('archive entries are added one at a time');
      const entry = hashingStream();
      let input: Readable;
      if (typeof source === 'string' || Buffer.isBuffer(source)) {
        const data = typeof source === 'string' ? Buffer.from(source) : source;
        input = new PassThrough().end(data).pipe(entry.stream);
      } else {
        source.once('error', (error) => entry.stream.destroy(error));
        input = source.pipe(entry.stream);
      }
      const done = new Promise<void>((resolve, reject) => {
        waiting = { name, resolve, reject };
      });
      // A fixed time would make archives byte-identical; the real time is more useful to people.
      zip.append(input, { name, store: options.store ?? false, date: new Date() });
      try {
        await done;
      } finally {
        waiting = undefined;
      }
      return { name, size: entry.size(), sha256: entry.digest() };
    },
    async finish() {
      if (failed) throw failed;
      await zip.finalize();
    },
    abort: fail,
    bytes: counted.size,
    sha256: counted.digest,
  };
}
