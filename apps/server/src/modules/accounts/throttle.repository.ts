// Abuse-limit queries: the login throttle's rows and known client addresses (login-throttle.ts), and the SMS guard's
// image challenges and per-address code counts (sms-guard.ts). Kept apart from accounts.repository.ts: these tables
// are counters keyed by phone number and client address, read before any account is known, and the services that
// decide on them hold no account data. Times are ISO strings; the services compute every threshold.
import { sqlParams, type Queryable } from '../../infra/db/db.ts';

// ---------- login throttle ----------

/**
 * The update of a throttle row taking one attempt, for `insert into login_throttle as t … on conflict (phone, client)`:
 * if its delay has passed or its last attempt is before `resetBefore` (then it starts again at 1), the attempt counts
 * and the next one waits 2^(attempts - free) s, at most `maxDelayS`; otherwise nothing changes (no row returned).
 */
const takeAttempt = (now: string, resetBefore: string, free: string, maxDelayS: string) => `
     on conflict (phone, client) do update set
       attempts = case when t.last_at < ${resetBefore} then 1 else t.attempts + 1 end,
       last_at = ${now},
       next_at = ${now}::timestamptz + make_interval(secs => case when (case when t.last_at < ${resetBefore} then 1 else t.attempts + 1 end) < ${free} then 0
         else least(power(2, (case when t.last_at < ${resetBefore} then 1 else t.attempts + 1 end) - ${free}), ${maxDelayS}) end)
     where t.next_at <= ${now} or t.last_at < ${resetBefore}
     returning attempts`;

export interface LoginReservation {
  /** The attempt number on the (phone, client) row; null: it must wait until `pairNextAt`. */
  pairAttempts: number | null;
  pairNextAt: Date | null;
  /** The account completed a login from this client since `knownSince` (then the account's row is not touched). */
  known: boolean;
  /** The attempt number on the account's row; null when it must wait until `accountNextAt`, or was not asked (pair refused, client known). */
  accountAttempts: number | null;
  accountNextAt: Date | null;
}

/**
 * A login attempt's reservation in one statement: one attempt on the (phone, client) row and, only if that one is
 * allowed and the account has not completed a login from the client since `knownSince`, one on the account's row
 * (`account`). Each row is taken atomically (takeAttempt), so parallel attempts count one after another. The rows'
 * next times are read as they were when the statement began: a row that refused the attempt was not changed by it, but
 * a parallel attempt's change may not be seen yet (the caller then waits at least a second all the same). The known
 * address is found by the account's key, not a join: a plan made while the table was small joined by scanning every
 * user (0.6 ms a login at 6,000 accounts, pg_stat_statements in the deadline-load bench).
 */
export async function reserveLoginAttempt(
  q: Queryable,
  t: { phone: string; client: string; account: string; now: string; resetBefore: string; knownSince: string; pair: { free: number; maxDelayS: number }; accountLimit: { free: number; maxDelayS: number } },
): Promise<LoginReservation> {
  const [row] = await q.query<{ pair_attempts: number | null; pair_next_at: Date | null; known: boolean; account_attempts: number | null; account_next_at: Date | null }>(
    `with pair as (
       insert into login_throttle as t (phone, client, attempts, last_at, next_at) values ($1, $2, 1, $3, $3) ${takeAttempt('$3', '$4', '$5', '$6')}),
     known as (
       select 1 from login_known_clients k where k.user_id = (select id from users where phone = $1) and k.client = $2 and k.last_success_at > $7),
     account as (
       insert into login_throttle as t (phone, client, attempts, last_at, next_at)
       select $1, $8, 1, $3::timestamptz, $3::timestamptz where exists (select 1 from pair) and not exists (select 1 from known) ${takeAttempt('$3', '$4', '$9', '$10')})
     select (select attempts from pair) as pair_attempts,
            (select next_at from login_throttle where phone = $1 and client = $2) as pair_next_at,
            exists (select 1 from known) as known,
            (select attempts from account) as account_attempts,
            (select next_at from login_throttle where phone = $1 and client = $8) as account_next_at`,
    [t.phone, t.client, t.now, t.resetBefore, t.pair.free, t.pair.maxDelayS, t.knownSince, t.account, t.accountLimit.free, t.accountLimit.maxDelayS],
  );
  return { pairAttempts: row.pair_attempts, pairNextAt: row.pair_next_at, known: row.known, accountAttempts: row.account_attempts, accountNextAt: row.account_next_at };
}

/** Marks the row alerted at `now` unless it was alerted after `since`; true only for the request that moved it. */
export async function takeThrottleAlert(q: Queryable, phone: string, client: string, now: string, since: string): Promise<boolean> {
  const took = await q.query(
    `update login_throttle set alerted_at = $3 where phone = $1 and client = $2 and (alerted_at is null or alerted_at < $4) returning 1`,
    [phone, client, now, since],
  );
  return took.length > 0;
}

/** Forgets rows whose last attempt is before `before`. */
export async function deleteStaleThrottleRows(q: Queryable, before: string) {
  await q.query('delete from login_throttle where last_at < $1', [before]);
}

/**
 * A verified secret's changes, as WITH entries of one statement (a login adds its session and audit record to them):
 * the address's row goes, the account's row (`account`) gets one attempt back (never below zero: the holder's own
 * success is not a failure of the account) and, for a completed login (`userId`), the address becomes known to the
 * account. Their values are pushed onto `params`.
 */
export function throttleSuccessEntries(params: unknown[], t: { phone: string; client: string; account: string; userId?: string; now: string }): string[] {
  const $ = sqlParams(params);
  const phone = $(t.phone);
  const client = $(t.client);
  const entries = [
    `throttle_cleared as (delete from login_throttle where phone = ${phone} and client = ${client})`,
    `throttle_refunded as (update login_throttle set attempts = greatest(attempts - 1, 0) where phone = ${phone} and client = ${$(t.account)})`,
  ];
  if (t.userId) {
    entries.push(
      `known_client as (insert into login_known_clients (user_id, client, last_success_at) values (${$(t.userId)}, ${client}, ${$(t.now)}::timestamptz)
         on conflict (user_id, client) do update set last_success_at = excluded.last_success_at)`,
    );
  }
  return entries;
}

/** A verified secret's changes (throttleSuccessEntries) on their own, in one statement. */
export async function recordThrottleSuccess(q: Queryable, t: Parameters<typeof throttleSuccessEntries>[1]) {
  const params: unknown[] = [];
  await q.query(`with ${throttleSuccessEntries(params, t).join(',\n')} select 1`, params);
}

// ---------- SMS guard ----------

/** Challenges this address fetched after `since`. */
export async function countChallengesFromIp(q: Queryable, ip: string, since: string): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('select count(*)::int as n from sms_challenges where client_ip = $1 and created_at > $2', [ip, since]);
  return n;
}

/** Challenges all addresses fetched after `since`. */
export async function countAllChallenges(q: Queryable, since: string): Promise<number> {
  const [{ all }] = await q.query<{ all: number }>('select count(*)::int as "all" from sms_challenges where created_at > $1', [since]);
  return all;
}

export async function insertChallenge(q: Queryable, c: { answerHash: string; ip: string; createdAt: string; expiresAt: string }): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    'insert into sms_challenges (answer_hash, client_ip, created_at, expires_at) values ($1, $2, $3, $4) returning id',
    [c.answerHash, c.ip, c.createdAt, c.expiresAt],
  );
  return row!.id;
}

/**
 * Uses up the unexpired, unused challenge fetched from this address (one try each); its answer's hash, or null when
 * there is none.
 */
export async function consumeChallenge(q: Queryable, id: string, ip: string, now: string): Promise<string | null> {
  const [row] = await q.query<{ answer_hash: string }>(
    `update sms_challenges set used_at = $3 where id = $1 and client_ip = $2 and used_at is null and expires_at > $3 returning answer_hash`,
    [id, ip, now],
  );
  return row ? row.answer_hash : null;
}

export async function markChallengePassed(q: Queryable, id: string) {
  await q.query('update sms_challenges set passed = true where id = $1', [id]);
}

/** Different numbers other than `phone` this address asked codes for after `since`. */
export async function countOtherNumbersFromIp(q: Queryable, ip: string, phone: string, since: string): Promise<number> {
  const [{ others }] = await q.query<{ others: number }>(
    'select count(distinct phone)::int as others from verification_codes where client_ip = $1 and created_at > $2 and phone <> $3',
    [ip, since, phone],
  );
  return others;
}

/** Codes sent (to anyone) from `from` on. */
export async function countCodesFrom(q: Queryable, from: string): Promise<number> {
  const [{ today }] = await q.query<{ today: number }>('select count(*)::int as today from verification_codes where created_at >= $1', [from]);
  return today;
}
