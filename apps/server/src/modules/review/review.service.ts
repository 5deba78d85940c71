// National and provincial review, composed of services split by what they decide: experts, invitations and
// conflicts (experts.service.ts), rounds and their states (rounds.service.ts), assignment (assignments.service.ts),
// score sheets (sheets.service.ts), results and decisions (decisions.service.ts). Their SQL is in
// review.repository.ts; the rules are pure (packages/domain/src/review). Every case state change goes through
// cases.transitionCase.
import { assignmentsService } from './assignments.service.ts';
import { decisionsService } from './decisions.service.ts';
import { expertsService } from './experts.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { roundsService } from './rounds.service.ts';
import { sheetsService } from './sheets.service.ts';

export type { ReviewDeps } from './review.deps.ts';
export { caseFacts, presentExpert } from './review.present.ts';

/** One object holding every review operation, as the routes call them. */
export function reviewService(deps: ReviewDeps) {
  return {
    ...expertsService(deps),
    ...roundsService(deps),
    ...assignmentsService(deps),
    ...sheetsService(deps),
    ...decisionsService(deps),
  };
}

export type ReviewService = ReturnType<typeof reviewService>;
