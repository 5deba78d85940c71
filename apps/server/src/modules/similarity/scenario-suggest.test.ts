// The server's scenario suggestion ranks what the call's scenario field offers: the notice's framework unless the
// organiser edited it in the call builder, then the edited scenes.
import { describe, expect, it } from 'vitest';
import { findCall } from '@anli/domain/calls/builtin.ts';
import { AI_SCENARIO_FRAMEWORK } from '@anli/domain/calls/scenario-framework.ts';
import { rankScenes, scenarioField } from './scenario-suggest.ts';

describe('scenario suggestions on the server', () => {
  const builtin = scenarioField(findCall('teacher-ai-2025')!.caseTypes[0]!.fields)!;
  const text = '学生每天在课前进行口算闯关练习，教师用星火口算平台查看闯关结果';

  it('rank the built-in framework for an unedited field, and the edited framework once the organiser changed it', () => {
    const before = rankScenes(builtin, text, { limit: 100 });
    expect(before.typical.map((r) => r.typical)).toContain('学情分析');
    expect(before.typical.map((r) => r.typical)).not.toContain('口算闯关');

    const framework = structuredClone(AI_SCENARIO_FRAMEWORK);
    framework[0]!.typicalScenes[0]!.name = '学情诊断';
    framework[0]!.typicalScenes.push({ name: '口算闯关', description: '应用星火口算平台组织学生口算闯关练习', microScenes: ['星火口算'] });
    const after = rankScenes({ ...builtin, framework }, text, { limit: 100 });
    expect(after.typical[0]).toMatchObject({ main: '助教', typical: '口算闯关' });
    expect(after.micro[0]).toMatchObject({ typical: '口算闯关', micro: '星火口算' });
    expect(after.typical.map((r) => r.typical)).toContain('学情诊断');
    expect(after.typical.map((r) => r.typical)).not.toContain('学情分析');
    // The built-in ranking is unchanged by another call's edits.
    expect(rankScenes(builtin, text, { limit: 100 }).typical.map((r) => r.typical)).not.toContain('口算闯关');
  });

  it('offers nothing for a free-entry field or no field', () => {
    expect(rankScenes({ ...builtin, source: 'free' }, text)).toEqual({ typical: [], micro: [] });
    expect(rankScenes(undefined, text)).toEqual({ typical: [], micro: [] });
  });
});
