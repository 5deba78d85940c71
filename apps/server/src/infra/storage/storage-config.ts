// Storage settings from the environment (SPEC §5): S3-compatible storage when S3_BUCKET is set,
// otherwise a local folder under DATA_DIR/files.
import path from 'node:path';

export interface S3StorageConfig {
  /** e.g. http://127.0.0.1:9000 for MinIO; omitted for AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style addressing (http://host/bucket/key), needed by most self-hosted servers. */
  forcePathStyle: boolean;
}

export type StorageConfig = { kind: 'local'; dir: string } | { kind: 's3'; s3: S3StorageConfig };

export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const bucket = env.S3_BUCKET?.trim();
  if (bucket) {
    const endpoint = env.S3_ENDPOINT?.trim() || undefined;
    const pathStyle = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase();
    return {
      kind: 's3',
      s3: {
        endpoint,
        region: env.S3_REGION?.trim() || 'us-east-1',
        bucket,
        accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
        // Default to path style when a custom endpoint is given (MinIO, Ceph, s3rver), virtual-host style for AWS.
        forcePathStyle: pathStyle ? pathStyle === 'true' || pathStyle === '1' : Boolean(endpoint),
      },
    };
  }
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return { kind: 'local', dir: path.join(dataDir, 'files') };
}
