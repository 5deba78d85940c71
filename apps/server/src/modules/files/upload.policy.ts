// The platform's answer to the tus endpoint: only an author may upload, only into a slot of an own case that can
// still be edited, within the slot's size limit; only the owner may resume or cancel; completion registers the file.
import type { IncomingMessage } from 'node:http';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { isEditableByAuthor } from '@anli/domain/lifecycle.ts';
import { fileNameProblem } from '@anli/domain/file-names.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { fastifyRequestOf } from '../../infra/uploads/tus.ts';
import { UploadRefused, type UploadInfo, type UploadPolicy } from '../../infra/uploads/upload-policy.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { findCaseKeysInScope } from '../cases/case.repository.ts';
import { uploadEnded, type FilesService } from './file.service.ts';
import { endOpenUpload, lockUploader, recordOpenUpload, openUploadsOf, supersedeUploads } from './file.repository.ts';
import { DomainError } from '@anli/domain/errors.ts';
import { can } from '@anli/domain/case-policy.ts';

const formatMb = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(0)} GB` : `${Math.round(n / 1024 ** 2)} MB`);

/** Open uploads allowed per author and per case slot (UPLOADS_OPEN_PER_AUTHOR, default 10; UPLOADS_OPEN_PER_SLOT, default 2). */
export function uploadCapsFromEnv(env: NodeJS.ProcessEnv = process.env): { perAuthor: number; perSlot: number } {
  const n = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : d);
  return { perAuthor: n(env.UPLOADS_OPEN_PER_AUTHOR, 10), perSlot: n(env.UPLOADS_OPEN_PER_SLOT, 2) };
}

export function uploadPolicy(deps: {
  db: Db;
  calls: CallsService;
  files: FilesService;
  clock?: Clock;
  /** Uploads older than this are expired (their rows still open until the cleanup reports them): not counted. */
  expirationMs?: number;
  caps?: { perAuthor: number; perSlot: number };
}): UploadPolicy {
  const caps = deps.caps ?? uploadCapsFromEnv();
  const now = () => deps.clock?.now() ?? Date.now();
  const userOf = (req: IncomingMessage) => {
    const user = fastifyRequestOf(req)?.user;
    if (!user) throw new UploadRefused(401, '请先登录后再上传文件');
    return user;
  };

  const recordUpload = (q: Queryable, uploadId: string, metadata: Record<string, string>, size: number) =>
    recordOpenUpload(q, { id: uploadId, caseId: metadata.caseId!, slot: metadata.slot!, ownerId: metadata.ownerId!, filename: metadata.filename ?? '', size });

  return {
    async authorizeCreate(req, metadata, length) {
      const user = userOf(req);
      if (!can(user, 'upload.files')) throw new UploadRefused(403, '只有案例作者可以上传文件');
      const row = metadata.caseId ? await findCaseKeysInScope(deps.db, user, metadata.caseId) : null;
      if (!row || !can(user, 'upload.files', { authorId: row.author_id })) throw new UploadRefused(404, '案例不存在或您无权上传');
      if (!isEditableByAuthor(row.state)) throw new UploadRefused(409, '案例已提交，不能再更换文件；如需修改请先撤回');
      const type = findCaseType(deps.calls.requireCall(row.call_id), row.case_type);
      const slot = type?.attachments.find((a) => a.slot === metadata.slot);
      if (!slot) throw new UploadRefused(400, '请选择要上传的材料类型');
      if (!(length > 0)) throw new UploadRefused(400, '文件为空，请选择正确的文件');
      // A name is checked when the client sends one (the browser always does); the content is checked after upload.
      if (metadata.filename) {
        const problem = fileNameProblem(metadata.filename, slot.accept, slot.label);
        if (problem) throw new UploadRefused(415, problem);
      }
      if (length > slot.maxBytes) throw new UploadRefused(413, `${slot.label}不能超过 ${formatMb(slot.maxBytes)}，请压缩或重新导出后再上传`);
      return { ownerId: user.id };
    },

    /**
     * Records the open upload under the author's row lock, so parallel creations count one after another: beyond
     * the per-author cap the upload is refused; beyond the per-slot cap the oldest open upload of the slot is ended
     * (its bytes removed by the tus layer) — a new file for a slot replaces an abandoned one, and parallel uploads
     * cannot pile up bytes on disk.
     */
    async onCreated(uploadId, metadata, length) {
      // Database time, like the rows' created_at and like the store's expiry (real time, not a test clock).
      const expiryMs = deps.expirationMs ?? 24 * 3_600_000;
      return deps.db.tx(async (q) => {
        await lockUploader(q, metadata.ownerId!);
        const open = await openUploadsOf(q, metadata.ownerId!, expiryMs);
        const sameSlot = open.filter((u) => u.case_id === metadata.caseId && u.slot === metadata.slot);
        const supersede = sameSlot.slice(0, Math.max(0, sameSlot.length - caps.perSlot + 1)).map((u) => u.id);
        if (open.length - supersede.length >= caps.perAuthor) {
          throw new UploadRefused(429, `您同时进行中的上传已有 ${open.length} 个（上限 ${caps.perAuthor} 个），请等待已有上传完成或在案例页面取消后再上传`);
        }
        if (supersede.length) {
          await supersedeUploads(q, supersede, new Date(now()).toISOString());
        }
        await recordOpenUpload(q, { id: uploadId, caseId: metadata.caseId!, slot: metadata.slot!, ownerId: metadata.ownerId!, filename: metadata.filename ?? '', size: length }, { atStatementTime: true });
        return { supersede };
      });
    },

    /** An upload cancelled (DELETE) or expired: its row is closed so it no longer counts as open. */
    async onTerminated(uploadId) {
      await endOpenUpload(deps.db, uploadId, new Date(now()).toISOString());
    },

    async authorizeAccess(req, uploadId, upload: UploadInfo) {
      const user = userOf(req);
      if (!upload.ownerId || upload.ownerId !== user.id) throw new UploadRefused(404, '上传不存在或无权访问');
      // Writing to (or resuming) an upload needs the case still editable and the upload not ended by a submission;
      // cancelling one is always allowed.
      if (req.method !== 'DELETE' && !(await deps.files.uploadOpen(uploadId))) throw new UploadRefused(409, uploadEnded().message);
    },

    async onComplete(uploadId, metadata, size) {
      // Idempotent: the uploads row and the file are keyed by the upload id. The row was recorded at creation; one
      // missing (an upload created before rows were kept) is recorded first, inside the registration.
      try {
        await deps.files.registerUpload(uploadId, size, { record: (q) => recordUpload(q, uploadId, metadata, size) });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'CASE_NOT_EDITABLE') {
          // The refusal is recorded on the upload's row (written here when the registration's was rolled back).
          await recordUpload(deps.db, uploadId, metadata, size);
          await deps.files.refuseUpload(uploadId);
          throw new UploadRefused(409, err.message, true);
        }
        throw err;
      }
    },
  };
}
