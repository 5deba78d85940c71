// Picks the storage implementation from the configuration.
import type { ObjectStorage } from './storage.ts';
import type { StorageConfig } from './storage-config.ts';
import { createLocalStorage } from './local-storage.ts';
import { createS3Storage } from './s3-storage.ts';

export function createObjectStorage(cfg: StorageConfig): ObjectStorage {
  return cfg.kind === 's3' ? createS3Storage(cfg.s3) : createLocalStorage(cfg.dir);
}
