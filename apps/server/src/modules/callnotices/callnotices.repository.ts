// Call notice queries: the saved notice of a call (call_notices) and its attachments (call_notice_attachments).
// Call notices are national (the organiser's), so no read here takes a viewer's scope; the service decides who may
// see a draft.
import type { Queryable } from '../../infra/db/db.ts';

export interface CallNoticeRow {
  call_id: string;
  title: string;
  document_no: string | null;
  body: string;
  contacts: string;
  published_at: string | Date | null;
  updated_at: string | Date;
}

/** The text columns of a notice as the organiser saves them. */
export interface CallNoticeText {
  title: string;
  documentNo: string | null;
  body: string;
  contacts: string;
}

export interface AttachmentListRow {
  id: string;
  name: string;
  size: string | number;
}

export interface AttachmentRow {
  name: string;
  size: string | number;
  sha256: string;
  object_key: string;
  /** The notice's publication time (null: a draft). */
  published_at: string | Date | null;
}

/** A call's attachments in their order. */
export function listAttachments(q: Queryable, callId: string): Promise<AttachmentListRow[]> {
  return q.query<AttachmentListRow>('select id, name, size from call_notice_attachments where call_id = $1 order by position, created_at', [callId]);
}

export async function findNotice(q: Queryable, callId: string): Promise<CallNoticeRow | null> {
  const [row] = await q.query<CallNoticeRow>('select * from call_notices where call_id = $1', [callId]);
  return row ?? null;
}

/** Writes the row if the notice has none yet (the built-in draft becomes a saved one), then locks it. */
export async function ensureNoticeRow(q: Queryable, callId: string, draft: CallNoticeText, now: string, userId: string) {
  await q.query(
    `insert into call_notices (call_id, title, document_no, body, contacts, updated_at, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (call_id) do nothing`,
    [callId, draft.title, draft.documentNo, draft.body, draft.contacts, now, userId],
  );
  await q.query('select 1 from call_notices where call_id = $1 for update', [callId]);
}

/** Saves the notice's text (creating the row or replacing the text of the saved one). */
export async function upsertNotice(q: Queryable, callId: string, text: CallNoticeText, now: string, userId: string) {
  await q.query(
    `insert into call_notices (call_id, title, document_no, body, contacts, updated_at, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (call_id) do update set title = excluded.title, document_no = excluded.document_no, body = excluded.body,
             contacts = excluded.contacts, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [callId, text.title, text.documentNo, text.body, text.contacts, now, userId],
  );
}

/** Publishes the notice at `publishedAt`, or withdraws it (null). */
export async function setNoticePublishedAt(q: Queryable, callId: string, publishedAt: string | null) {
  await q.query('update call_notices set published_at = $2 where call_id = $1', [callId, publishedAt]);
}

export async function countAttachments(q: Queryable, callId: string): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('select count(*)::int as n from call_notice_attachments where call_id = $1', [callId]);
  return n;
}

export async function insertAttachment(
  q: Queryable,
  a: { callId: string; name: string; size: number; sha256: string; objectKey: string; position: number; createdAt: string; createdBy: string },
) {
  await q.query(
    'insert into call_notice_attachments (call_id, name, size, sha256, object_key, position, created_at, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8)',
    [a.callId, a.name, a.size, a.sha256, a.objectKey, a.position, a.createdAt, a.createdBy],
  );
}

/** Deletes an attachment of the call; returns what the audit record and the storage need, or null when none. */
export async function deleteAttachment(q: Queryable, callId: string, attachmentId: string): Promise<{ object_key: string; name: string; sha256: string } | null> {
  const [r] = await q.query<{ object_key: string; name: string; sha256: string }>(
    'delete from call_notice_attachments where id = $1 and call_id = $2 returning object_key, name, sha256',
    [attachmentId, callId],
  );
  return r ?? null;
}

/** The published notices (newest first), without their text. */
export function listPublishedNotices(q: Queryable) {
  return q.query<{ call_id: string; title: string; document_no: string | null; contacts: string; published_at: string | Date }>(
    'select call_id, title, document_no, contacts, published_at from call_notices where published_at is not null order by published_at desc',
  );
}

/** One attachment of the call with its notice's publication time. */
export async function findAttachment(q: Queryable, callId: string, attachmentId: string): Promise<AttachmentRow | null> {
  const [r] = await q.query<AttachmentRow>(
    `select a.name, a.size, a.sha256, a.object_key, n.published_at from call_notice_attachments a join call_notices n on n.call_id = a.call_id
          where a.id = $1 and a.call_id = $2`,
    [attachmentId, callId],
  );
  return r ?? null;
}
