// 机器辅助提示 on the case page for reviewers: how well the declared scenario fits the content and, for the
// organiser, whether near-duplicates were found. Machine suggestions: people decide.
import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLoad } from '../hooks.ts';
import { caseHintsApi } from '../api/similarity.ts';

const FIT_COLOR = { good: 'success', partial: 'warning', weak: 'error', unknown: 'default' } as const;

/** `similarity`: 'full' for the organiser (which cases), 'flag' for an assigned expert (only whether). */
export function CaseMachineHints({ caseId, organiser, similarity }: { caseId: string; organiser: boolean; similarity?: 'full' | 'flag' | 'none' }) {
  const sims = similarity ?? (organiser ? 'full' : 'none');
  const fit = useLoad(() => caseHintsApi.scenarioFit(caseId), [caseId]);
  const sim = useLoad(() => (sims !== 'none' ? caseHintsApi.similarity(caseId) : Promise.resolve(null)), [caseId, sims]);
  const f = fit.data;
  return (
    <Card title="机器辅助提示" extra={<Typography.Text type="secondary">机器建议，仅供参考</Typography.Text>} style={{ marginBottom: 16 }} data-testid="machine-hints">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {f && (
          <div>
            <div>
              <Typography.Text strong>场景符合度：</Typography.Text>
              <Tag color={FIT_COLOR[f.fit]}>{f.fitLabel}</Tag>
            </div>
            {f.declared.typical && (
              <div>
                <Typography.Text type="secondary">
                  作者声明的场景：{[f.declared.main, f.declared.typical].filter(Boolean).join(' / ')}
                  {f.declaredRank ? `，在机器排序中位列第 ${f.declaredRank}。` : '，不在机器排序的前几位。'}
                </Typography.Text>
              </div>
            )}
            {f.typical.length > 0 && (
              // Ranks, not percentages: the scores are relative to the best match, so the first would always read
              // 100 % — even for a scene the author never declared.
              <div>
                <Typography.Text type="secondary">内容最接近的场景（机器排序）：</Typography.Text>
                {f.typical.map((t, i) => (
                  <Tag key={`${t.main}/${t.typical}`}>
                    {`${i + 1}. ${t.main} / ${t.typical}`}
                  </Tag>
                ))}
              </div>
            )}
          </div>
        )}
        {sim.data && (
          <div>
            <Typography.Text strong>相似度：</Typography.Text>
            {sim.data.similarityFlag ? (
              <>
                <Tag color="error">发现 {sim.data.pairs.length} 组相似内容（最高 {Math.round((sim.data.maxScore ?? 0) * 100)}%）</Tag>
                {sim.data.pairs.slice(0, 3).map((p) => (
                  <div key={`${p.other.caseId}-${p.source}`}>
                    <Link to={`/cases/${p.other.caseId}`}>{p.other.title}</Link>
                    <Typography.Text type="secondary">（{p.sourceLabel} {Math.round(p.score * 100)}%）</Typography.Text>
                  </div>
                ))}
                {sims === 'full' ? <Link to="/org/similarity">到相似度检测中对照查看</Link> : <Typography.Text type="secondary">组委会将对照核查，请评审时留意原创性</Typography.Text>}
              </>
            ) : (
              <Tag>未发现（以最近一次检测为准）</Tag>
            )}
          </div>
        )}
      </Space>
    </Card>
  );
}
