import { describe, expect, it } from 'vitest';
import { actorText, stepText } from './labels.ts';

describe('actorText', () => {
  it('names the person and role, the role alone, or the platform — never 系统（作者）', () => {
    expect(actorText('王老师', 'author')).toBe('王老师（作者）');
    expect(actorText(null, 'author')).toBe('作者');
    expect(actorText(null, null)).toBe('系统');
    expect(actorText('组委会管理员', null)).toBe('组委会管理员');
  });
});

describe('stepText', () => {
  it('reads a creation as the state it starts in, never — → 草稿', () => {
    expect(stepText('', '草稿')).toBe('成为“草稿”');
    expect(stepText('草稿', '已提交')).toBe('草稿 → 已提交');
    expect(stepText('已提交', '')).toBe('已提交 → —');
    expect(stepText('', '')).toBe('');
  });
});
