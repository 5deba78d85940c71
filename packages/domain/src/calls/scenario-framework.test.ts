import { describe, expect, it } from 'vitest';
import { AI_SCENARIO_FRAMEWORK } from './scenario-framework.ts';
import { EVIDENCE_RESEARCH_CATEGORIES, ONLINE_STUDIO_EXAMPLES } from './evidence-categories.ts';

describe('AI_SCENARIO_FRAMEWORK (附件1)', () => {
  it('has the five main scenes in source order', () => {
    expect(AI_SCENARIO_FRAMEWORK.map((m) => m.name)).toEqual(['助教', '助学', '助研', '助评', '助育']);
  });

  it('has the typical scenes of the source, in order', () => {
    const names = Object.fromEntries(AI_SCENARIO_FRAMEWORK.map((m) => [m.name, m.typicalScenes.map((t) => t.name)]));
    expect(names).toEqual({
      助教: ['学情分析', '教学设计', '作业设计', '个别化指导', '课堂组织管理', '班级管理'],
      助学: ['答疑辅学', 'AI学伴', '实验实训', '生涯规划'],
      助研: ['教研论文选题', '课堂分析改进', 'AI教师陪练', '科学研究'],
      助评: ['作业评价', '试题命制', '口语测评', '学生素养评价', '教师素养评价'],
      助育: ['德育教育', '心理支持', '体质强健', '美育浸润', '劳动习惯养成'],
    });
    expect(AI_SCENARIO_FRAMEWORK.flatMap((m) => m.typicalScenes)).toHaveLength(24);
  });

  it('gives every typical scene a clean description and at least three micro scenes', () => {
    for (const scene of AI_SCENARIO_FRAMEWORK.flatMap((m) => m.typicalScenes)) {
      expect(scene.description.length, scene.name).toBeGreaterThan(0);
      expect(scene.description, scene.name).not.toContain('微场景示例');
      expect(scene.description, scene.name).not.toContain('主场景');
      expect(scene.description, scene.name).not.toMatch(/<\/?p>|\n|\t/);
      expect(scene.description, scene.name).toMatch(/。$/);
      expect(scene.microScenes.length, scene.name).toBeGreaterThanOrEqual(3);
      for (const micro of scene.microScenes) {
        expect(micro, scene.name).toMatch(/^\S+$/);
        expect(micro, scene.name).not.toMatch(/[、，。：]|等$/);
      }
    }
  });

  it('joins text split by page headers', () => {
    const scene = (name: string) => AI_SCENARIO_FRAMEWORK.flatMap((m) => m.typicalScenes).find((t) => t.name === name);
    expect(scene('课堂组织管理')?.microScenes.at(-1)).toBe('智能分组推荐');
    expect(scene('教研论文选题')?.microScenes.at(-1)).toBe('跨学科选题推荐');
    expect(scene('AI学伴')?.description).toContain('弥补传统课堂互动不足。');
    expect(scene('心理支持')?.description).toContain('监测学生心理状态');
    expect(scene('科学研究')?.microScenes).toHaveLength(5);
    expect(scene('学情分析')?.microScenes.at(-1)).toBe('教学决策管理');
  });
});

describe('EVIDENCE_RESEARCH_CATEGORIES and ONLINE_STUDIO_EXAMPLES', () => {
  it('has the three categories with aim, three scenes and three examples each', () => {
    expect(EVIDENCE_RESEARCH_CATEGORIES.map((c) => c.category)).toEqual(['区域案例', '学校案例', '教师案例']);
    for (const c of EVIDENCE_RESEARCH_CATEGORIES) {
      expect(c.aim).toMatch(/^旨在[^。]+。$/);
      expect(c.scenes).toHaveLength(3);
      expect(c.examples).toHaveLength(3);
      for (const e of c.examples) {
        expect(e.title).not.toMatch(/[。：]|^示例/);
        expect(e.description).toMatch(/。$/);
      }
    }
    expect(EVIDENCE_RESEARCH_CATEGORIES[0]?.scenes).toEqual(['区域教师评价改革', '智能教研治理', '教师精准培训']);
    expect(EVIDENCE_RESEARCH_CATEGORIES[2]?.examples[1]?.title).toBe('人机协同教学反思');
  });

  it('has the three 名师线上工作室 examples', () => {
    expect(ONLINE_STUDIO_EXAMPLES.map((e) => e.title)).toEqual(['名师领学', '名师领研', '名师领教']);
    for (const e of ONLINE_STUDIO_EXAMPLES) expect(e.description).toMatch(/^[^，]\S+。$/);
  });
});
