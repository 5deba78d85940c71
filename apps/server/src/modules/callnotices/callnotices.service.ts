// Each call's public notice (活动通知): the organiser edits its text, contacts and attachments (templates and forms)
// and publishes it; visitors read the published notice and download its attachments. Until the organiser saves one,
// a built-in call's notice is its seed text (builtin-texts.ts), unpublished. Every change is audited.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { ObjectStorage } from '../../infra/storage/storage.ts';
import type { SessionUser } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '@anli/domain/errors.ts';
import { writeAudit, type Actor } from '../audit/audit.repository.ts';
import type { CallsService } from '../calls/calls.service.ts';
import { BUILTIN_NOTICES } from './builtin-texts.ts';
import { may } from '@anli/domain/policy.ts';
import {
  countAttachments, deleteAttachment, ensureNoticeRow, findAttachment, findNotice, insertAttachment, listAttachments, listPublishedNotices,
  setNoticePublishedAt, upsertNotice,
} from './callnotices.repository.ts';

/** Attachments: office documents, PDF and archives of templates, at most 20 MB each and 20 per call. */
export const NOTICE_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const NOTICE_ATTACHMENTS_MAX = 20;
const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  txt: 'text/plain; charset=utf-8',
};
export const NOTICE_ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);

export interface NoticeAttachment {
  id: string;
  name: string;
  size: number;
}

export interface CallNotice {
  callId: string;
  title: string;
  documentNo: string | null;
  body: string;
  contacts: string;
  publishedAt: string | null;
  updatedAt: string | null;
  /** No saved version yet: the built-in text (or an empty draft) is shown. */
  builtIn: boolean;
  attachments: NoticeAttachment[];
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const actorOf = (u: SessionUser): Actor => ({ id: u.id, role: u.role, name: u.name, provinceCode: u.provinceCode });
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function callNoticesService(deps: { db: Db; clock: Clock; storage: ObjectStorage; calls: CallsService }) {
  const { db, clock, storage, calls } = deps;

  async function attachments(callId: string): Promise<NoticeAttachment[]> {
    const rows = await listAttachments(db, callId);
    return rows.map((r) => ({ id: r.id, name: r.name, size: Number(r.size) }));
  }

  async function load(callId: string): Promise<CallNotice> {
    const call = calls.requireCall(callId);
    const row = await findNotice(db, call.id);
    const builtin = BUILTIN_NOTICES[call.id];
    const base = row
      ? {
          title: row.title,
          documentNo: row.document_no,
          body: row.body,
          contacts: row.contacts,
          publishedAt: iso(row.published_at),
          updatedAt: iso(row.updated_at),
          builtIn: false,
        }
      : {
          title: call.title,
          documentNo: call.documentNo ?? null,
          body: builtin?.body ?? '',
          contacts: builtin?.contacts ?? (call.contactEmail ? `邮箱：${call.contactEmail}` : ''),
          publishedAt: null,
          updatedAt: null,
          builtIn: true,
        };
    return { callId: call.id, ...base, attachments: await attachments(call.id) };
  }

  /** Writes the row if the notice has none yet (the built-in draft becomes a saved one), under its lock. */
  async function ensureRow(q: Queryable, org: SessionUser, draft: CallNotice) {
    await ensureNoticeRow(q, draft.callId, draft, new Date(clock.now()).toISOString(), org.id);
  }

  return {
    /** The organiser's view: the saved notice, or the built-in draft. */
    orgGet: (callId: string) => load(callId),

    async save(org: SessionUser, callId: string, input: { title?: unknown; documentNo?: unknown; body?: unknown; contacts?: unknown }) {
      const call = calls.requireCall(callId);
      const title = str(input.title).trim();
      const documentNo = str(input.documentNo).trim() || null;
      const body = str(input.body).replace(/\r\n?/g, '\n').trim();
      const contacts = str(input.contacts).replace(/\r\n?/g, '\n').trim();
      const errors = [];
      if (!title) errors.push({ path: 'title', message: '请填写通知标题' });
      else if (title.length > 100) errors.push({ path: 'title', message: '通知标题不超过 100 字' });
      if (documentNo && documentNo.length > 50) errors.push({ path: 'documentNo', message: '文号不超过 50 字' });
      if (!body) errors.push({ path: 'body', message: '请填写通知正文' });
      else if (body.length > 100_000) errors.push({ path: 'body', message: '通知正文不超过 10 万字，附件请以文件上传' });
      if (contacts.length > 1000) errors.push({ path: 'contacts', message: '联系方式不超过 1000 字' });
      if (errors.length) throw badRequest(errors[0]!.message, errors);
      const now = new Date(clock.now()).toISOString();
      await db.tx(async (q) => {
        await upsertNotice(q, call.id, { title, documentNo, body, contacts }, now, org.id);
        await writeAudit(
          q,
          actorOf(org),
          { event: 'call_notice.save', objectType: 'call', objectId: call.id, data: { title, chars: body.length } },
          clock.now(),
        );
      });
      return load(call.id);
    },

    /** Publishes (or withdraws) the notice: only a published notice is shown to visitors. */
    async setPublished(org: SessionUser, callId: string, published: boolean) {
      const call = calls.requireCall(callId);
      const now = clock.now();
      const draft = await load(call.id);
      await db.tx(async (q) => {
        await ensureRow(q, org, draft);
        await setNoticePublishedAt(q, call.id, published ? new Date(now).toISOString() : null);
        await writeAudit(q, actorOf(org), { event: published ? 'call_notice.publish' : 'call_notice.unpublish', objectType: 'call', objectId: call.id }, now);
      });
      return load(call.id);
    },

    async addAttachment(org: SessionUser, callId: string, fileName: unknown, bytes: Buffer) {
      const call = calls.requireCall(callId);
      const name = str(fileName).trim().replace(/[\\/]/g, '_');
      const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
      if (!name || name.length > 100) throw badRequest('请上传文件（文件名不超过 100 字）', [{ path: 'fileName', message: '文件名不超过 100 字' }]);
      if (!ATTACHMENT_TYPES[ext])
        throw badRequest(`附件须为 ${NOTICE_ATTACHMENT_EXTENSIONS.join('、')} 格式，请转换后再上传`, [{ path: 'fileName', message: '文件格式不支持' }]);
      if (!bytes.length) throw badRequest('文件是空的，请选择正确的文件', [{ path: 'file', message: '文件是空的' }]);
      if (bytes.length > NOTICE_ATTACHMENT_MAX_BYTES) throw badRequest('附件不超过 20 MB，请压缩后再上传', [{ path: 'file', message: '附件不超过 20 MB' }]);
      const key = randomBytes(16).toString('hex');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await storage.put(key, Readable.from([bytes]), bytes.length);
      const now = clock.now();
      const draft = await load(call.id);
      try {
        await db.tx(async (q) => {
          await ensureRow(q, org, draft);
          const n = await countAttachments(q, call.id);
          if (n >= NOTICE_ATTACHMENTS_MAX) throw conflict('TOO_MANY_ATTACHMENTS', `每个通知最多 ${NOTICE_ATTACHMENTS_MAX} 个附件，请先删除不再需要的附件`);
          await insertAttachment(q, { callId: call.id, name, size: bytes.length, sha256, objectKey: key, position: n, createdAt: new Date(now).toISOString(), createdBy: org.id });
          await writeAudit(
            q,
            actorOf(org),
            { event: 'call_notice.attachment_add', objectType: 'call', objectId: call.id, data: { name, size: bytes.length, sha256 } },
            now,
          );
        });
      } catch (e) {
        await storage.delete(key).catch(() => undefined);
        throw e;
      }
      return load(call.id);
    },

    async removeAttachment(org: SessionUser, callId: string, attachmentId: string) {
      const call = calls.requireCall(callId);
      if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw notFound('附件');
      const now = clock.now();
      const key = await db.tx(async (q) => {
        const r = await deleteAttachment(q, call.id, attachmentId);
        if (!r) throw notFound('附件');
        await writeAudit(
          q,
          actorOf(org),
          { event: 'call_notice.attachment_remove', objectType: 'call', objectId: call.id, data: { name: r.name, sha256: r.sha256 } },
          now,
        );
        return r.object_key;
      });
      await storage.delete(key).catch(() => undefined);
      return load(call.id);
    },

    /** A published notice, for everyone; an unpublished one does not exist for visitors. */
    async publicGet(callId: string): Promise<CallNotice> {
      if (!calls.list().some((c) => c.id === callId)) throw notFound('活动通知');
      const n = await load(callId);
      if (!n.publishedAt) throw notFound('活动通知');
      return n;
    },

    /** The published notices (newest first), without their text: the front door's list. */
    async publicList() {
      const rows = await listPublishedNotices(db);
      const known = new Set(calls.list().map((c) => c.id));
      const out = [];
      for (const r of rows.filter((r) => known.has(r.call_id))) {
        out.push({
          callId: r.call_id,
          title: r.title,
          documentNo: r.document_no,
          contacts: r.contacts,
          publishedAt: iso(r.published_at)!,
          attachments: await attachments(r.call_id),
        });
      }
      return out;
    },

    /** An attachment of a published notice (or any, for the organiser). */
    async attachment(callId: string, attachmentId: string, viewer: SessionUser | null) {
      if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw notFound('附件');
      const r = await findAttachment(db, callId, attachmentId);
      if (!r || (!r.published_at && !may(viewer, 'call_notices.read_draft'))) throw notFound('附件');
      const ext = r.name.split('.').pop()!.toLowerCase();
      return {
        name: r.name,
        size: Number(r.size),
        sha256: r.sha256,
        contentType: ATTACHMENT_TYPES[ext] ?? 'application/octet-stream',
        stream: () => storage.stream(r.object_key),
      };
    },
  };
}

export type CallNoticesService = ReturnType<typeof callNoticesService>;
