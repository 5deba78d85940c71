// The platform's answer to the tus endpoint: only an author may upload, only into a slot of an own case that can
// still be edited, within the slot's size limit; only the owner may resume or cancel; completion registers the file.
import type { IncomingMessage } from 'node:http';
import { findCaseType } from '@anli/domain/calls/builtin.ts';
import { isEditableByAuthor } from '@anli/domain/lifecycle.ts';
import { fileNameProblem } from '@anli/domain/file-names.ts';
import type { Db } from '../../infra/db/db.ts';
import { fastifyRequestOf } from '../../infra/uploads/tus.ts';
import { UploadRefused, type UploadInfo, type UploadPolicy } from '../../infra/uploads/upload-policy.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { findCaseInScope } from '../cases/case.repository.ts';
import { uploadEnded, type FilesService } from './file.service.ts';
import { DomainError } from '@anli/domain/errors.ts';

const formatMb = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(0)} GB` : `${Math.round(n / 1024 ** 2)} MB`);

export function uploadPolicy(deps: { db: Db; calls: CallsService; files: FilesService }): UploadPolicy {
  const userOf = (req: IncomingMessage) => {
    const user = fastifyRequestOf(req)?.user;
    if (!user) throw new UploadRefused(401, '请先登录后再上传文件');
    return user;
  };

  const recordUpload = (uploadId: string, metadata: Record<string, string>, size: number) =>
    deps.db.query(
      `insert into uploads (id, case_id, slot, owner_id, filename, size) values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
      [uploadId, metadata.caseId, metadata.slot, metadata.ownerId, (metadata.filename ?? '').slice(0, 200), size],
    );

  return {
    async authorizeCreate(req, metadata, length) {
      const user = userOf(req);
      if (user.role !== 'author') throw new UploadRefused(403, '只有案例作者可以上传文件');
      const row = metadata.caseId ? await findCaseInScope(deps.db, user, metadata.caseId) : null;
      if (!row || row.author_id !== user.id) throw new UploadRefused(404, '案例不存在或您无权上传');
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

    async onCreated(uploadId, metadata, length) {
      await recordUpload(uploadId, metadata, length);
    },

    async authorizeAccess(req, uploadId, upload: UploadInfo) {
      const user = userOf(req);
      if (!upload.ownerId || upload.ownerId !== user.id) throw new UploadRefused(404, '上传不存在或无权访问');
      // Writing to (or resuming) an upload needs the case still editable and the upload not ended by a submission;
      // cancelling one is always allowed.
      if (req.method !== 'DELETE' && !(await deps.files.uploadOpen(uploadId))) throw new UploadRefused(409, uploadEnded().message);
    },

    async onComplete(uploadId, metadata, size) {
      // Idempotent: the uploads row and the file are keyed by the upload id.
      await recordUpload(uploadId, metadata, size);
      try {
        await deps.files.registerUpload(uploadId, size);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'CASE_NOT_EDITABLE') {
          await deps.files.refuseUpload(uploadId);
          throw new UploadRefused(409, err.message, true);
        }
        throw err;
      }
    },
  };
}
