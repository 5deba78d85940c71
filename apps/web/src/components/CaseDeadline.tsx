// The deadline a case's page shows: to its author, until when it can be (re)submitted — the province's own author
// deadline, or the date a late return gave — with the time left; to an administrator, a returned case's date.
import { Alert, Space, Tag } from 'antd';
import type { CaseDetail } from '../api/index.ts';
import { beijingText, timeLeft } from '../api/deadlines.ts';
import { DEADLINE_SOURCE_TEXT } from '../labels.ts';
import { DemoMovedTag } from './PhaseNotes.tsx';


export function CaseDeadlineLine({ c }: { c: CaseDetail }) {
  const d = c.deadline;
  if (d) {
    const left = d.open ? timeLeft(d.endsAt) : null;
    const verb = c.state === 'returned' ? '重新提交截止' : '提交截止';
    return (
      <Alert
        type={d.open ? 'info' : 'error'}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="case-deadline"
        title={
          <Space wrap size={4}>
            <span>
              {verb}：北京时间 <b data-testid="case-deadline-at">{beijingText(d.endsAt)}</b>
            </span>
            <Tag>{DEADLINE_SOURCE_TEXT[d.source]}</Tag>
            {left ? <Tag color="processing" data-testid="case-deadline-left">还剩 {left}</Tag> : <Tag color="error">已截止，不能再提交</Tag>}
            {d.demoMoved && <DemoMovedTag />}
          </Space>
        }
        description={d.source === 'resubmit' ? '此案例在本省作者报送截止后被退回：请在上述时间前修改并重新提交，逾期不能再提交。' : undefined}
      />
    );
  }
  if (c.state === 'returned' && c.resubmitUntil) {
    return (
      <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="case-resubmit-until" title={`作者重新提交截止：北京时间 ${beijingText(c.resubmitUntil)}（退回时给定，逾期不能再提交）`} />
    );
  }
  return null;
}
