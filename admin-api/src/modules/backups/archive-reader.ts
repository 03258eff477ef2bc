// Reads a stored archive through its central directory with ranged reads (S3 ranged GETs or
// file reads), so one entry — the dump for a restore, the metadata — is read without fetching
// the rest, and nothing is buffered whole.
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { BackupStorage } from './storage.ts';

class StorageReader extends yauzl.RandomAccessReader {
  readonly storage: BackupStorage;
  readonly key: string;
  constructor(storage: BackupStorage, key: string) {
    super();
    this.storage = storage;
    this.key = key;
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl wants the stream synchronously; the storage opens it asynchronously.
    const out = new PassThrough();
    this.storage.read(this.key, { start, end }).then(
      (stream) => {
        stream.once('error', (error) => out.destroy(error));
        stream.pipe(out);
      },
      (error: Error) => out.destroy(error),
    );
    return out;
  }
}

export type ArchiveReader = {
  names(): string[];
  open(name: string): Promise<Readable>;
  readText(name: string): Promise<string>;
  close(): void;
};

export async function openArchive(storage: BackupStorage, key: string, size: number): Promise<ArchiveReader> {
  const zip = await yauzl.fromRandomAccessReaderPromise(new StorageReader(storage, key), size, {
    lazyEntries: true,
    autoClose: false,
    strictFileNames: true,
  });
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  const entryOf = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${name} is not in the archive`);
    return entry;
  };
  const open = (name: string) => zip.openReadStreamPromise(entryOf(name));
  return {
    names: () => [...entries.keys()],
    open,
    async readText(name) {
      const chunks: Buffer[] = [];
      for await (const chunk of await open(name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    close: () => zip.close(),
  };
}
