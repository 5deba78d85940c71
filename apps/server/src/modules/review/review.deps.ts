// What the review services need from the rest of the server.
import type { CaseDetail } from '@anli/contracts/cases.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db, Queryable } from '../../infra/db/db.ts';
import type { SessionUser } from '../../http/auth.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { CaseRow } from '../cases/case.repository.ts';
import type { MessagingService } from '../messaging/messaging.service.ts';

export interface ReviewDeps {
  db: Db;
  clock: Clock;
  sessionMaxMs: number;
  calls: CallsService;
  cases: {
    transitionCase(viewer: SessionUser, id: string, action: 'start_review' | 'select' | 'reject', reason?: string | null, q?: Queryable): Promise<CaseRow>;
    get(viewer: SessionUser, id: string): Promise<CaseDetail>;
  };
  /** The outbox: an invitation code also goes to the expert by SMS. */
  messaging: Pick<MessagingService, 'queue'>;
}
