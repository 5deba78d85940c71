// Template queries: the organiser's uploaded replacements of a call's generated templates (call_templates). Templates
// are public, so no read here takes a viewer's scope.
import type { Queryable } from '../../infra/db/db.ts';

export interface ReplacedTemplateRow {
  template_id: string;
  object_key: string;
  filename: string;
}

/** The call's templates the organiser replaced by an upload. */
export function listReplacedTemplates(q: Queryable, callId: string): Promise<ReplacedTemplateRow[]> {
  return q.query<ReplacedTemplateRow>('select template_id, object_key, filename from call_templates where call_id = $1', [callId]);
}

/** Records (or replaces) the uploaded file that stands for one of the call's templates. */
export async function upsertCallTemplate(
  q: Queryable,
  t: { callId: string; templateId: string; objectKey: string; filename: string; size: number; sha256: string; uploadedBy: string; uploadedAt: string },
) {
  await q.query(
    `insert into call_templates (call_id, template_id, object_key, filename, size, sha256, uploaded_by, uploaded_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (call_id, template_id) do update set object_key = excluded.object_key, filename = excluded.filename, size = excluded.size,
       sha256 = excluded.sha256, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
    [t.callId, t.templateId, t.objectKey, t.filename, t.size, t.sha256, t.uploadedBy, t.uploadedAt],
  );
}
