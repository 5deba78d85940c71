// Every route of the web app, by the role that uses it, with real ids from the demo data: what the page audit visits.
// A route added to App.tsx must be added here (the pages test compares the two).
import type { Queryable } from '../../apps/server/src/infra/db/db.ts';

export interface RoleRoutes {
  role: string;
  /** Demo phone to sign in with; null for the public pages. */
  phone: string | null;
  paths: string[];
}

/** The route patterns of App.tsx this plan covers (checked against the source by the pages test). */
export const COVERED_PATTERNS = [
  '/', '/login', '/forgot-password', '/register', '/activate', '/activate-expert', '/activate-author', '/self-check', '/results', '/announcements',
  '/calls/:callId', '/org/notices', '/org/messages', '/library', '/library/:id', '/verify', '/verify/:number', '/check', '/account/security', '/org/users', '/cases/:id', '/notices',
  '/org/announcements', '/my/cases', '/my/new', '/my/cases/:id/edit', '/province/cases', '/province/city-codes', '/region/cases',
  '/region/codes', '/province/contact', '/province/mode', '/province/mode1', '/province/dashboard', '/org/overview', '/org/dashboard',
  '/org/contact-forms', '/org/cases', '/org/calls', '/org/call-builder', '/org/call-builder/:callId', '/org/codes', '/org/audit', '/org/similarity', '/expert/tasks',
  '/expert/review/:roundId/:caseId', '/org/experts', '/org/review', '/org/review/:roundId', '/my/certificates', '/org/results',
  '/province/certificates', '/province/review', '/province/review/experts', '/province/review/:roundId', '*',
];

/** Builds the plan from the demo data, with the ids each role's pages need. */
export async function routePlan(db: Queryable): Promise<RoleRoutes[]> {
  const one = async (sql: string) => (await db.query<Record<string, string>>(sql))[0];
  const editable = await one(
    `select c.id from cases c join users u on u.id = c.author_id where u.phone = '13800000003' order by (c.state in ('draft', 'returned')) desc, c.created_at limit 1`,
  );
  const task = await one(
    `select a.round_id, a.case_id from review_assignments a join experts e on e.id = a.expert_id join users u on u.id = e.user_id where u.phone = '13900000099' limit 1`,
  );
  const round = await one(`select id from review_rounds order by created_at limit 1`);
  const provinceRound = await one(`select id from review_rounds where province_code = '110000' order by created_at limit 1`).catch(() => undefined);
  const lib = await one(`select case_id from case_results where in_library limit 1`);
  const cert = await one(`select number from certificates where revoked_at is null order by seq limit 1`);

  const pub = ['/', '/login', '/forgot-password', '/register', '/activate', '/activate-expert', '/activate-author', '/self-check', '/results', '/announcements', '/library', '/verify', '/no-such-page', '/calls/teacher-ai-2025'];
  if (lib) pub.push(`/library/${lib.case_id}`);
  if (cert) pub.push(`/verify/${cert.number}`);
  const author = ['/my/cases', '/my/new', '/my/certificates', '/notices', '/account/security', '/check'];
  if (editable) author.push(`/my/cases/${editable.id}/edit`, `/cases/${editable.id}`);
  const expert = ['/expert/tasks'];
  if (task) expert.push(`/expert/review/${task.round_id}/${task.case_id}`);
  const organiser = [
    '/org/overview', '/org/dashboard', '/org/cases', '/org/calls', '/org/codes', '/org/audit', '/org/similarity', '/org/experts', '/org/review',
    '/org/results', '/org/announcements', '/org/notices', '/org/messages', '/org/users', '/org/contact-forms', '/org/call-builder',
    '/org/call-builder/teacher-training-2026',
  ];
  if (round) organiser.push(`/org/review/${round.id}`);
  const province = [
    '/province/cases', '/province/dashboard', '/province/contact', '/province/mode', '/province/mode1', '/province/certificates', '/province/review',
    '/province/review/experts', '/province/city-codes',
  ];
  if (provinceRound) province.push(`/province/review/${provinceRound.id}`);
  return [
    { role: 'public', phone: null, paths: pub },
    { role: 'author', phone: '13800000003', paths: author },
    { role: 'expert', phone: '13900000099', paths: expert },
    { role: 'organiser', phone: '13900000000', paths: organiser },
    { role: 'province_admin', phone: '13900000011', paths: province },
    { role: 'city_admin', phone: '13900000021', paths: ['/region/cases', '/region/codes'] },
    { role: 'county_admin', phone: '13900000022', paths: ['/region/cases'] },
  ];
}
