import { describe, expect, it } from 'vitest';
import { caseMomentText } from './notice.texts.ts';

describe('caseMomentText', () => {
  it('a reason that ends with its own full stop does not give "。。"', () => {
    for (const reason of ['请补充研修数据。', '请补充研修数据', '请补充研修数据。 ', '请补充研修数据！']) {
      const t = caseMomentText('return', { id: 'x', title: '案例' }, reason);
      expect(t.body).toContain('退回原因：请补充研修数据。请按原因');
      expect(t.body).not.toMatch(/[。！]{2}/);
    }
    const d = caseMomentText('disqualify', { id: 'x', title: '案例' }, '材料抄袭。');
    expect(d.body).toContain('原因：材料抄袭。如有异议');
  });
});
