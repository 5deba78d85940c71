// The author's countdowns: for each call with a case still to submit, the deadline of the author's province (its own
// date, else its recommendation deadline), in Beijing time, with the time left and the demo label where moved.
import { Alert, Space, Tag } from 'antd';
import { useLoad } from '../hooks.ts';
import { beijingText, deadlinesApi, timeLeft } from '../api/deadlines.ts';
import { DEADLINE_SOURCE_TEXT } from '../labels.ts';
import { DemoMovedTag } from './PhaseNotes.tsx';


export function MyDeadlines({ callIds }: { callIds: string[] }) {
  const d = useLoad(() => (callIds.length ? deadlinesApi.myDeadlines() : Promise.resolve([])), [callIds.join(',')]);
  const rows = (d.data ?? []).filter((r) => callIds.includes(r.callId));
  if (!rows.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="my-deadlines">
      {rows.map((r) => {
        const left = r.open ? timeLeft(r.endsAt) : null;
        return (
          <Alert
            key={r.callId}
            type={r.open ? 'info' : 'warning'}
            showIcon
            title={
              <Space wrap size={4}>
                <span>
                  {r.callTitle}：{r.mode === 1 ? '获推荐作者填报截止' : '提交截止'} 北京时间 <b data-testid="my-deadline-at">{beijingText(r.endsAt)}</b>
                </span>
                <Tag>{DEADLINE_SOURCE_TEXT[r.source]}</Tag>
                {left ? <Tag color="processing">还剩 {left}</Tag> : <Tag color="warning">{r.startsAt && new Date(r.startsAt).getTime() > Date.now() ? '尚未开始' : '已截止'}</Tag>}
                {r.demoMoved && <DemoMovedTag />}
              </Space>
            }
          />
        );
      })}
    </Space>
  );
}
