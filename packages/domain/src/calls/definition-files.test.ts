// Call definitions as files: the built-in calls are read from calls/defs/, and a definition exported by the platform
// imports back to exactly the same definition; broken definitions are refused with the path and a Chinese reason.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CALLS } from './builtin.ts';
import { definitionFileText, describePath, parseDefinitionFile, validateDefinition } from './validate.ts';
import { diffDefinitions, tighteningsOf } from './diff.ts';

const DEFS = new URL('./defs/', import.meta.url);
const files = readdirSync(DEFS).filter((f) => f.endsWith('.json'));

function brokenCopy(edit: (d: any) => void, id = 'teacher-ai-2025') {
  const d = structuredClone(BUILTIN_CALLS.find((c) => c.id === id)) as any;
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

  it('refuses check parameters that contradict each other, naming the path in Chinese', () => {
    const r = brokenCopy((d) => {
      const v = d.caseTypes[0].checkParams.video;
      v.audioBitrateMin = 140_000; // above the 136 kbps ceiling
      v.parts[1].minS = 500; // above its own 420 s
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['caseTypes[0].checkParams.video.audioBitrateMin', 'caseTypes[0].checkParams.video.parts[1]']);
    expect(messages(r)).toEqual([
      'caseTypes[0].checkParams.video.audioBitrateMin 音频码率下限（140 kbps）高于上限（136 kbps），请调低下限或调高上限',
      'caseTypes[0].checkParams.video.parts[1] “过程与方法”的最短时长（500 秒）大于最长时长（420 秒），请改正',
    ]);
    // A recommended audio bitrate outside the range, and an export bitrate under the floor.
    const outside = brokenCopy((d) => {
      d.caseTypes[0].checkParams.video.audioBitrateRecommended = 160_000;
      d.caseTypes[0].checkParams.video.recommendedBitrate = 6_000_000;
    });
    expect(messages(outside)).toEqual([
      'caseTypes[0].checkParams.video.audioBitrateRecommended 建议音频码率（160 kbps）须在下限 120 kbps 与上限 136 kbps 之间，请改正',
      'caseTypes[0].checkParams.video.recommendedBitrate 建议导出码率（6 Mbps）低于视频码率下限（8 Mbps），按建议导出的视频会不通过，请调高建议码率',
    ]);
  });

  it('refuses an AI-label pattern that is not a regular expression', () => {
    const r = brokenCopy((d) => {
      const label = d.caseTypes[0].checkParams.courseware.aiLabel;
      expect(label.mode).toBe('appropriate');
      label.patterns[1] = '由(AI|人工智能生成';
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('caseTypes[0].checkParams.courseware.aiLabel.patterns[1]');
    expect(r.errors[0].message).toMatch(/^caseTypes\[0\]\.checkParams\.courseware\.aiLabel\.patterns\[1\] 识别规则“由\(AI\|人工智能生成”不是有效的正则表达式/);
    // The same patterns, valid again, pass.
    expect(brokenCopy((d) => { d.caseTypes[0].checkParams.courseware.aiLabel.patterns[1] = '由(AI|人工智能)生成'; }).ok).toBe(true);
  });

  it('words an empty font, a size of zero and an empty label text with the names of the inputs', () => {
    const r = brokenCopy((d) => {
      const rep = d.caseTypes[0].checkParams.report;
      rep.heading1.font = '';
      rep.body.sizePt = 0;
      rep.aiLabel = '';
      d.caseTypes[0].checkParams.courseware.aiLabel = { mode: 'literal', text: '' };
      d.caseTypes[0].checkParams.video.people = { expected: '主讲人不出镜', confirm: '' };
    }, 'teacher-training-2026');
    expect(messages(r).sort()).toEqual([
      'caseTypes[0].checkParams.courseware.aiLabel.text 标注文字不能为空',
      'caseTypes[0].checkParams.report.aiLabel AI 生成内容标注不能为空',
      'caseTypes[0].checkParams.report.body.sizePt 须大于 0',
      'caseTypes[0].checkParams.report.heading1.font 字体不能为空',
      'caseTypes[0].checkParams.video.people.confirm 人工确认提示不能为空',
    ]);
  });

  it('describes the check parameters\' paths in words, never by their keys', () => {
    const def = BUILTIN_CALLS.find((c) => c.id === 'teacher-training-2026')!;
    const base = 'caseTypes[0].checkParams';
    expect(describePath(def, `${base}.video.audioBitrateRecommended`)).toMatch(/› 检查参数 › 视频 › 建议音频码率$/);
    expect(describePath(def, `${base}.video.parts[1].maxS`)).toMatch(/› 视频部分“过程与方法” › 最长时长$/);
    expect(describePath(BUILTIN_CALLS.find((c) => c.id === 'teacher-ai-2025'), `${base}.courseware.aiLabel.patterns[2]`)).toMatch(/› 课件 › AI 生成内容标注 › 识别规则第 3 项$/);
    expect(describePath(def, `${base}.video.people.expected`)).toMatch(/› 视频 › 出镜要求 › 要求$/);
    expect(describePath(def, `${base}.report.heading2.font`)).toMatch(/› 总结报告 › 二级标题格式 › 字体$/);
    expect(describePath(def, `${base}.courseware.aiLabel.text`)).toMatch(/› AI 生成内容标注 › 标注文字$/);
    // Contacts' people stay names.
    expect(describePath(def, 'contacts[0].people')).toMatch(/› 姓名$/);
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
