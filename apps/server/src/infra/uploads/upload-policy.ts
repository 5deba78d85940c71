// What the tus endpoint asks the platform: may this request create this upload, may it touch that one,
// and what happens when an upload completes. The platform implements it; the tus layer stays generic.
import type { IncomingMessage } from 'node:http';

/** Thrown by a policy to refuse a request; the tus layer answers with this status and Chinese message. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From onComplete: the received bytes are not used and the tus layer removes them. */
    readonly discard = false,
  ) {
    super(message);
  }
}

/** What the tus layer knows about an existing upload, passed to `authorizeAccess`. */
export interface UploadInfo {
  /** The owner id returned by `authorizeCreate`, stored in the upload's metadata (`ownerId`). */
  ownerId: string | null;
  /** Decoded Upload-Metadata, including `ownerId`. */
  metadata: Record<string, string>;
  /** Declared length in bytes. */
  size: number | null;
}

export interface UploadPolicy {
  /** Before an upload is created (POST). `metadata` is the decoded Upload-Metadata. Returns the owner's user id. */
  authorizeCreate(req: IncomingMessage, metadata: Record<string, string>, length: number): Promise<{ ownerId: string }>;
  /**
   * Once the upload's id is known (right after authorizeCreate): the platform records the unfinished upload. It may
   * refuse (UploadRefused, e.g. too many open uploads) and may name older unfinished uploads this one supersedes,
   * whose bytes the tus layer then removes.
   */
  onCreated?(uploadId: string, metadata: Record<string, string>, length: number): Promise<void | { supersede?: string[] }>;
  /**
   * Before HEAD/PATCH/DELETE on an existing upload: only its owner may touch it. `upload` carries the stored owner id
   * (an implementation may ignore it and look the upload up itself). Unknown ids never reach the policy (404).
   */
  authorizeAccess(req: IncomingMessage, uploadId: string, upload: UploadInfo): Promise<void>;
  /**
   * After the last byte arrived. Must be idempotent (a retried final PATCH may call it twice). Throwing
   * `UploadRefused` with `discard` refuses the completed upload: the client gets the status and message and the
   * bytes are removed.
   */
  onComplete(uploadId: string, metadata: Record<string, string>, size: number): Promise<void>;
  /** After a DELETE (termination) or expiry removed an upload. */
  onTerminated?(uploadId: string): Promise<void>;
}
