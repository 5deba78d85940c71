import { Col, Progress, Row, Statistic } from 'antd';
import type { QuotaCounter } from '../api/index.ts';

/** Live counters such as 基础教育 37/150. */
export function QuotaCounters({ quota }: { quota: QuotaCounter[] }) {
  return (
    <Row gutter={[24, 16]} style={{ marginTop: 16 }} data-testid="quota-counters">
      {quota.map((q) => (
        <Col key={q.groupId} xs={24} md={12} xl={8} data-testid={`quota-${q.groupId}`} data-used={q.used} data-max={q.max}>
          <Statistic title={`已推荐 · ${q.name}`} value={q.used} suffix={`/ ${q.max}`} />
          <Progress percent={q.max ? Math.round((q.used / q.max) * 100) : 0} status={q.used >= q.max ? 'exception' : 'active'} showInfo={false} size="small" aria-label={`${q.name}名额已用 ${q.used}/${q.max}`} />
        </Col>
      ))}
    </Row>
  );
}
