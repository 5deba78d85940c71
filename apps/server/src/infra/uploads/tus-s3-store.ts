// The tus S3 store with the platform's additions (see tus-stores.ts). Loaded only when S3 storage is configured.
import { S3Store } from '@tus/s3-store';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Upload } from '@tus/server';
import { cleanMetadata, isExpired, TUS_EXTENSIONS, type PlatformStore, type UploadRecord } from './tus-stores.ts';

export interface PlatformS3StoreOptions {
  bucket: string;
  clientConfig: S3ClientConfig;
  expirationPeriodInMilliseconds: number;
  partSize?: number;
}

export class PlatformS3Store extends S3Store implements PlatformStore {
  onExpired: (id: string) => Promise<void> = async () => {};
  private readonly bucketName: string;

  constructor(opts: PlatformS3StoreOptions) {
    super({
      partSize: opts.partSize,
      expirationPeriodInMilliseconds: opts.expirationPeriodInMilliseconds,
      // Tags only serve bucket lifecycle rules; expiry is done by deleteExpired below. Not all S3 servers support them.
      useTags: false,
      s3ClientConfig: { ...opts.clientConfig, bucket: opts.bucket },
    });
    this.bucketName = opts.bucket;
    this.extensions = [...TUS_EXTENSIONS];
  }

  private doneKey(id: string) {
    return `${id}.done`;
  }

  async getRecord(id: string): Promise<UploadRecord | null> {
    try {
      const { file } = await this.getMetadata(id);
      return { metadata: cleanMetadata(file.metadata), size: file.size ?? null, creationDate: file.creation_date ?? null };
    } catch {
      return null;
    }
  }

  async isCompletionReported(id: string): Promise<boolean> {
    try {
      await this.client.headObject({ Bucket: this.bucketName, Key: this.doneKey(id) });
      return true;
    } catch {
      return false;
    }
  }

  async markCompletionReported(upload: Upload): Promise<void> {
    await this.client.putObject({ Bucket: this.bucketName, Key: this.doneKey(upload.id), Body: '' });
  }

  override async remove(id: string): Promise<void> {
    await super.remove(id);
    await this.client
      .deleteObjects({
        Bucket: this.bucketName,
        Delete: { Objects: [{ Key: this.partKey(id, true) }, { Key: this.doneKey(id) }] },
      })
      .catch(() => {});
  }

  override async deleteExpired(): Promise<number> {
    const expiration = this.getExpiration();
    if (expiration <= 0) return 0;
    const now = Date.now();
    let removed = 0;
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const list = await this.client.listMultipartUploads({ Bucket: this.bucketName, KeyMarker, UploadIdMarker });
      for (const u of list.Uploads ?? []) {
        // Only multipart uploads still open are unfinished; a completed upload has none.
        if (!u.Key || !u.Initiated || !isExpired(u.Initiated.toISOString(), expiration, now)) continue;
        try {
          await this.remove(u.Key);
        } catch {
          continue;
        }
        removed++;
        await this.onExpired(u.Key);
      }
      if (!list.IsTruncated) break;
      KeyMarker = list.NextKeyMarker;
      UploadIdMarker = list.NextUploadIdMarker;
    }
    return removed;
  }
}
