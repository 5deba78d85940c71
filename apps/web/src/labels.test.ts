import { describe, expect, it } from 'vitest';
import { actorText } from './labels.ts';

describe('actorText', () => {
  it('names the person and role, the role alone, or the platform — never 系统（作者）', () => {
    expect(actorText('王老师', 'author')).toBe('王老师（作者）');
    expect(actorText(null, 'author')).toBe('作者');
    expect(actorText(null, null)).toBe('系统');
    expect(actorText('组委会管理员', null)).toBe('组委会管理员');
  });
});
