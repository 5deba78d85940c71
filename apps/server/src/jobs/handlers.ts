// The platform's job handlers, one per name in the registry (infra/jobs/registry.ts). Handlers load current data
// by id and are idempotent: a retried job replaces its results rather than adding to them.
import type { JobHandlers } from '../infra/jobs/registry.ts';
import type { FilesService } from '../modules/files/file.service.ts';
import type { SimilarityService } from '../modules/similarity/similarity.service.ts';
import type { NoticesService } from '../modules/notices/notices.service.ts';
import { fileRetentionMs } from '../config.ts';

export function buildHandlers(deps: { files: FilesService; similarity: SimilarityService; notices: NoticesService }): Required<JobHandlers> {
  return {
    'file.check': async (job) => {
      // Re-checked under a call's changed rules with a different result: the author is told (once per file and rules),
      // in the transaction that stores the new findings.
      await deps.files.checkStoredFile(job.data.fileId, job.data.rulesVersion, (q, change) => deps.notices.notifyCheckChanged(change, q)).catch(async (e) => {
        await deps.files.markCheckFailed(job.data.fileId);
        throw e;
      });
    },
    'call.recheck': async () => {
      await deps.files.recheckChangedCalls();
    },
    'files.purge': async () => {
      try {
        await deps.files.purgeReplaced(fileRetentionMs());
      } finally {
        await deps.files.schedulePurge();
      }
    },
    'similarity.scan': async (job) => {
      await deps.similarity.scan(job.data.callId);
    },
    'notices.deliver': async () => {
      await deps.notices.deliverDue();
    },
    'notices.tick': async () => {
      // The next run is queued whatever happens to this one, so the hourly chain never breaks.
      try {
        await deps.notices.runDueReminders();
        await deps.notices.deliverDue();
      } finally {
        await deps.notices.scheduleTick();
      }
    },
  };
}
