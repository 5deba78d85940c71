import { Empty, Timeline, Typography } from 'antd';
import type { AuditEntry } from '../api/index.ts';
import { actorText, eventLabel, fmtTime, stateLabel, stepText } from '../labels.ts';

/** The case's history (who, when, from, to, why), oldest first. */
export function HistoryTimeline({ history }: { history: AuditEntry[] }) {
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />;
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      items={sorted.map((h) => ({
        key: h.id,
        color: h.toState === 'returned' || h.toState === 'disqualified' ? 'red' : h.toState === 'province_recommended' ? 'green' : 'blue',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtTime(h.at)}
            </Typography.Text>
            <div>
              <b>{h.eventLabel ?? eventLabel(h.event)}</b>
              <Typography.Text type="secondary">
                {' '}
                · {actorText(h.actorName, h.actorRole)}
              </Typography.Text>
            </div>
            {(h.fromState || h.toState) && (
              <Typography.Text type="secondary" data-testid="history-step">
                {stepText((h.stepFrom ?? stateLabel(h.fromState)) || '', (h.stepTo ?? stateLabel(h.toState)) || '')}
              </Typography.Text>
            )}
            {h.reason && <div style={{ color: '#cf1322' }}>原因：{h.reason}</div>}
          </div>
        ),
      }))}
    />
  );
}
