// Abuse limits on the verification-code path (SMS pumping: codes to many numbers from one client address, or a flood
// from many addresses). Up to SMS_CODE_IP_FREE different numbers per address and hour go out at once; beyond that,
// and for everyone once the day's codes reach SMS_CODE_DAILY_BUDGET, the platform first asks for an image challenge
// that it draws itself (no outside service); beyond SMS_CODE_IP_MAX numbers per address and hour it refuses.
// The decision never depends on whether a number has an account, so the reply stays the same for unknown numbers.
import { createHash, randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { beijingDate } from '@anli/domain/deadline.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db/db.ts';
import type { CodeLimits } from '../../infra/messaging/config.ts';
import { rateLimited } from '@anli/domain/errors.ts';
import {
  countAllChallenges, countChallengesFromIp, countCodesFrom, countOtherNumbersFromIp, insertChallenge, markChallengePassed, consumeChallenge,
} from './throttle.repository.ts';

const HOUR = 3600_000;
const CHALLENGE_TTL_MS = 5 * 60_000;
/** Challenges one address may fetch in 10 minutes, and all addresses in a minute (one costs ≈ 10–25 ms of CPU). */
const CHALLENGES_PER_10_MIN = 30;
const CHALLENGES_PER_MINUTE_TOTAL = 300;
/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CHALLENGE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const CHALLENGE_LENGTH = 4;

const require = createRequire(import.meta.url);
const FONT = 'AnliChallenge';
let fontReady = false;
function ensureFont() {
  if (fontReady) return;
  GlobalFonts.registerFromPath(require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'), FONT);
  fontReady = true;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
const normalise = (answer: unknown) => (typeof answer === 'string' ? answer.trim().toUpperCase() : '');

/** Draws the answer as a PNG: letters turned and shifted, crossing lines and dots, colours varied. */
export function drawChallenge(answer: string): Buffer {
  ensureFont();
  const w = 160;
  const h = 56;
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  const hue = randomInt(0, 360);
  g.fillStyle = `hsl(${hue}, 40%, 94%)`;
  g.fillRect(0, 0, w, h);
  for (let i = 0; i < 60; i++) {
    g.fillStyle = `hsla(${randomInt(0, 360)}, 50%, 55%, 0.5)`;
    g.fillRect(randomInt(0, w), randomInt(0, h), 2, 2);
  }
  const step = w / (answer.length + 1);
  [...answer].forEach((ch, i) => {
    g.save();
    g.translate(step * (i + 0.6) + randomInt(0, 10), h / 2 + randomInt(-5, 6));
    g.rotate((randomInt(-28, 29) * Math.PI) / 180);
    g.font = `${randomInt(30, 38)}px ${FONT}`;
    g.fillStyle = `hsl(${(hue + 180 + randomInt(-40, 41)) % 360}, 65%, ${randomInt(22, 40)}%)`;
    g.textBaseline = 'middle';
    g.fillText(ch, 0, 0);
    g.restore();
  });
  for (let i = 0; i < 4; i++) {
    g.strokeStyle = `hsla(${randomInt(0, 360)}, 60%, 35%, 0.7)`;
    g.lineWidth = randomInt(1, 3);
    g.beginPath();
    g.moveTo(randomInt(0, 20), randomInt(0, h));
    g.bezierCurveTo(randomInt(30, 70), randomInt(0, h), randomInt(90, 130), randomInt(0, h), randomInt(140, w), randomInt(0, h));
    g.stroke();
  }
  return canvas.toBuffer('image/png');
}

export interface GuardDecision {
  /** 'send': go ahead; 'challenge': only after a passed challenge. */
  need: 'send' | 'challenge';
  /** Why a challenge is asked for (audit). */
  reason?: 'ip_numbers' | 'daily_budget';
}

export function smsGuard(deps: { db: Db; clock: Clock; limits: CodeLimits }) {
  const { db, clock, limits } = deps;

  return {
    /** A new challenge for the client address: its id and the PNG as a data URL. */
    async issueChallenge(ip: string) {
      const now = clock.now();
      if ((await countChallengesFromIp(db, ip, iso(now - 10 * 60_000))) >= CHALLENGES_PER_10_MIN) throw rateLimited('TOO_MANY_REQUESTS', '获取图形验证码过于频繁，请 10 分钟后再试');
      if ((await countAllChallenges(db, iso(now - 60_000))) >= CHALLENGES_PER_MINUTE_TOTAL) throw rateLimited('TOO_MANY_REQUESTS', '当前获取验证码的人数较多，请 1 分钟后再试');
      const answer = Array.from({ length: CHALLENGE_LENGTH }, () => CHALLENGE_ALPHABET[randomInt(0, CHALLENGE_ALPHABET.length)]).join('');
      const id = await insertChallenge(db, { answerHash: sha(answer), ip, createdAt: iso(now), expiresAt: iso(now + CHALLENGE_TTL_MS) });
      return { id, image: `data:image/png;base64,${drawChallenge(answer).toString('base64')}`, length: CHALLENGE_LENGTH, expiresAt: iso(now + CHALLENGE_TTL_MS) };
    },

    /**
     * Whether a code to `phone` asked from `ip` may go out now, needs a challenge, or is refused (throws 429).
     * Counts: different other numbers this address asked codes for in the last hour; all codes sent today.
     */
    async decide(ip: string, phone: string): Promise<GuardDecision> {
      const now = clock.now();
      const others = await countOtherNumbersFromIp(db, ip, phone, iso(now - HOUR));
      if (others >= limits.ipMaxNumbers) {
        throw rateLimited('SMS_IP_LIMIT', '当前网络获取验证码的手机号过多，请 1 小时后再试');
      }
      if (others >= limits.ipFreeNumbers) return { need: 'challenge', reason: 'ip_numbers' };
      // The day's budget, counted from 00:00 Beijing time.
      const dayStart = Date.parse(`${beijingDate(now)}T00:00:00+08:00`);
      if ((await countCodesFrom(db, iso(dayStart))) >= limits.dailyBudget) return { need: 'challenge', reason: 'daily_budget' };
      return { need: 'send' };
    },

    /** Checks and uses up a challenge (one try each, bound to the address that fetched it). */
    async pass(ip: string, id: unknown, answer: unknown): Promise<boolean> {
      if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return false;
      const now = clock.now();
      const answerHash = await consumeChallenge(db, id, ip, iso(now));
      if (!answerHash || answerHash !== sha(normalise(answer))) return false;
      await markChallengePassed(db, id);
      return true;
    },
  };
}

export type SmsGuard = ReturnType<typeof smsGuard>;
