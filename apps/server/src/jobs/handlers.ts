// The platform's job handlers, one per name in the registry (infra/jobs/registry.ts). Handlers load current data
// by id and are idempotent: a retried job replaces its results rather than adding to them.
import type { JobHandlers } from '../infra/jobs/registry.ts';
import type { FilesService } from '../modules/files/file.service.ts';
import type { SimilarityService } from '../modules/similarity/similarity.service.ts';

export function buildHandlers(deps: { files: FilesService; similarity: SimilarityService }): Required<JobHandlers> {
  return {
    'file.check': async (job) => {
      try {
        await deps.files.checkStoredFile(job.data.fileId);
      } catch (e) {
        await deps.files.markCheckFailed(job.data.fileId);
        throw e;
      }
    },
    'call.recheck': async () => {
      await deps.files.recheckChangedCalls();
    },
    'similarity.scan': async (job) => {
      await deps.similarity.scan(job.data.callId);
    },
  };
}
