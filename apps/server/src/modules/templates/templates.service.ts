// Templates of a call: which generated templates the organiser replaced, and recording a replacement with its audit
// entry in one transaction (the routes check the file and store its bytes first).
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { listReplacedTemplates, upsertCallTemplate } from './templates.repository.ts';

export function templatesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** The call's templates replaced by an upload (id, storage key, file name). */
    replaced(callId: string) {
      return listReplacedTemplates(db, callId);
    },

    /** Records the stored file as the call's template and audits the replacement. */
    async recordReplacement(actor: { id: string; role: string; name: string }, callId: string, templateId: string, file: { objectKey: string; filename: string; size: number; sha256: string }) {
      const now = clock.now();
      await db.tx(async (q) => {
        await upsertCallTemplate(q, { callId, templateId, ...file, uploadedBy: actor.id, uploadedAt: new Date(now).toISOString() });
        await writeAudit(q, actor, { event: 'call.template_replace', objectType: 'call', objectId: callId, data: { templateId, filename: file.filename, sha256: file.sha256, size: file.size } }, now);
      });
    },
  };
}

export type TemplatesService = ReturnType<typeof templatesService>;
