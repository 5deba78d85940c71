// Call definitions as files: the built-in calls are read from calls/defs/, and a definition exported by the platform
// imports back to exactly the same definition; broken definitions are refused with the path and a Chinese reason.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS } from './builtin.ts';
import { definitionFileText, parseDefinitionFile, validateDefinition } from './validate.ts';
import { diffDefinitions, tighteningsOf } from './diff.ts';

const DEFS = new URL('./defs/', import.meta.url);
const files = readdirSync(DEFS).filter((f) => f.endsWith('.json'));

function brokenCopy(edit: (d: any) => void) {
  const d = structuredClone(BUILTIN_CALLS.find((c) => c.id === 'teacher-ai-2025')) as any;
  edit(d);
  return validateDefinition(d);
}
const messages = (r: ReturnType<typeof validateDefinition>) => (r.ok ? [] : r.errors.map((e) => e.message));

describe('definition files', () => {
  it('the built-in calls are exactly the files under calls/defs/, each valid and commented', () => {
    expect(files.sort()).toEqual(BUILTIN_CALLS.map((c) => `${c.id}.json`).sort());
    for (const f of files) {
      const text = readFileSync(new URL(f, DEFS), 'utf8');
      expect(text).toContain('"$comment"');
      const r = parseDefinitionFile(text);
      expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
      if (r.ok) expect(r.call).toEqual(BUILTIN_CALLS.find((c) => `${c.id}.json` === f));
    }
  });

  it('the files say what the notices say (dates, quotas, word limits, video floor)', () => {
    // Facts read from ../shared/seeds: the 2025 notice (003_…) and the 2026 notice (000_…), checked against the files
    // themselves, so a slip in a definition file fails here and not in a province's season.
    const read = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, DEFS), 'utf8'));
    const ends = (d: any) => Object.fromEntries(d.phases.map((p: any) => [p.id, p.end]));
    const c25 = read('teacher-ai-2025');
    expect(ends(c25)).toMatchObject({ admin_info: '2025-06-20', national_recommendation: '2025-11-15' });
    expect(c25.quota.groups.map((g: any) => [g.name, g.max])).toEqual([['基础教育', 150], ['职业教育+高等教育', 50]]);
    const ai = c25.caseTypes.find((t: any) => t.id === 'ai-application');
    expect(ai.fields.find((f: any) => f.key === 'summary').maxChars).toBe(300);
    expect(ai.checkParams.video).toMatchObject({ width: 1920, height: 1080, fps: 25, minBitrate: 8_000_000, audioBitrateRecommended: 128_000 });
    const c26 = read('teacher-training-2026');
    expect(ends(c26)).toMatchObject({ admin_info: '2026-05-11', province_recommendation: '2026-08-31', national_recommendation: '2026-09-30' });
    expect(c26.quota.groups.map((g: any) => g.max)).toEqual([100]);
    for (const t of c26.caseTypes) {
      expect(t.fields.find((f: any) => f.key === 'summary').maxChars).toBe(350);
      expect(t.checkParams.video).toMatchObject({ minDurationS: 420, maxDurationS: 600, minBitrate: 8_000_000 });
    }
  });

  it('export → import gives an identical definition, and exporting again the same text', () => {
    for (const call of BUILTIN_CALLS) {
      const text = definitionFileText(call);
      const r = parseDefinitionFile(text);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.call).toEqual(call);
      expect(definitionFileText(r.call)).toBe(text);
    }
  });

  it('refuses rubric weights that do not add up to 100, naming the path', () => {
    const r = brokenCopy((d) => { d.caseTypes[0].rubric[0].weight -= 5; });
    expect(r.ok).toBe(false);
    expect(messages(r)).toContain('caseTypes[0].rubric 权重之和须为 100（当前 95）');
  });

  it('refuses a phase that ends before it starts', () => {
    const r = brokenCopy((d) => { d.phases[2].start = '2025-11-05'; });
    expect(messages(r)).toContain('phases[2] 结束时间早于开始时间（2025-11-05 至 2025-10-31）');
  });

  it('refuses a quota group without 学段 when quotas are grouped', () => {
    const r = brokenCopy((d) => { delete d.quota.groups[1].values; });
    expect(messages(r)).toContain('quota.groups[1] 缺少学段（按学段分组时，每一组都须列出所覆盖的学段）');
  });

  it('refuses a duplicate field id', () => {
    const r = brokenCopy((d) => { d.caseTypes[0].fields[2].key = 'title'; });
    expect(messages(r).some((m) => m.startsWith('caseTypes[0].fields 字段编号 title 重复'))).toBe(true);
  });

  it('names the path of structural problems in Chinese', () => {
    const r = brokenCopy((d) => {
      delete d.title;
      d.phases[1].end = '2025/10/24';
      d.caseTypes[0].fields[0].maxChars = 'sixty';
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(['caseTypes[0].fields[0].maxChars', 'phases[1].end', 'title']);
    expect(messages(r)).toContain('title 缺少标题，请补上');
    expect(messages(r)).toContain('phases[1].end 日期应写成 YYYY-MM-DD（北京时间），如 2027-06-30');
    expect(messages(r)).toContain('caseTypes[0].fields[0].maxChars 应为数字');
  });

  it('refuses a file that is not JSON', () => {
    const r = parseDefinitionFile('{\n  "id": "x",\n  "title": \n}');
    expect(r.ok).toBe(false);
    expect(messages(r)[0]).toMatch(/^文件不是有效的 JSON/);
  });

  it('tells stricter rules from looser ones and wording', () => {
    const before = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;
    const after = structuredClone(before) as any;
    const t = after.caseTypes[0];
    t.checkParams.video.minBitrate = 6_000_000; // looser
    t.fields.find((f: any) => f.key === 'summary').help = '新的说明'; // wording
    after.phases[1].end = '2026-09-10'; // dates are not rules of a case
    expect(tighteningsOf(before, after)).toEqual([]);
    t.fields.find((f: any) => f.key === 'summary').maxChars = 300; // stricter
    t.attachments.find((a: any) => a.slot === 'video').accept = []; // a format no longer accepted
    expect(tighteningsOf(before, after).map((c) => c.path)).toEqual(['caseTypes[0].fields[5].maxChars', 'caseTypes[0].attachments[3].accept']);
    // Lists are matched by key: a field inserted in front is one addition, not a shift of every later field.
    const inserted = structuredClone(before) as any;
    inserted.caseTypes[0].fields.unshift({ key: 'extra', label: '补充', kind: 'text', maxChars: 20, required: false });
    expect(diffDefinitions(before, inserted)).toEqual([{ path: 'caseTypes[0].fields[0]', kind: 'added', after: inserted.caseTypes[0].fields[0] }]);
  });
});
