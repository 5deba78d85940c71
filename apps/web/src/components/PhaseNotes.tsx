// What a phase's dates are: the notice's, the organiser's where the notice gives none, a province's own author
// deadline, or dates the demo moved so every role can act today (every page showing such a date says so).
import { Tag, Tooltip } from 'antd';
import type { Phase } from '../api/index.ts';

/** The phase's dates as a page shows them (Beijing time, to the minute: a province's own deadline may be any time). */
export function phaseDates(p: Phase): string {
  return `${p.start ? `${p.start.slice(0, 10)} 至 ` : '截止 '}${p.end.slice(0, 16)}`;
}

/** The label of a date the demo moved, with the call's own dates beside it. */
export function DemoMovedTag({ original }: { original?: string | null }) {
  const tag = (
    <Tag color="warning" data-testid="demo-moved">
      演示数据：日期已调整
    </Tag>
  );
  return original ? <Tooltip title={`通知原定：${original}。演示环境为便于各角色今天就能操作，调整了此日期。`}>{tag}</Tooltip> : tag;
}

/** Tags beside a phase's dates: who set them, and whether the demo moved them. */
export function PhaseNotes({ p }: { p: Phase }) {
  return (
    <>
      {p.dateSource === 'organiser' && (
        <Tooltip title="通知未规定此阶段的日期，以组委会另行通知为准；平台上的日期为组委会的设定。">
          <Tag color="processing" data-testid="organiser-set">由组委会另行通知/设定</Tag>
        </Tooltip>
      )}
      {p.perProvince && <Tag color="processing">各省自定截止时间（不晚于推荐上报截止）</Tag>}
      {p.authorDeadline === 'province' && <Tag color="processing">本省设定</Tag>}
      {p.authorDeadline === 'recommendation' && <Tag>本省未另设，按推荐上报截止</Tag>}
      {p.demoMoved && <DemoMovedTag original={p.noticeEnd ? `${p.noticeStart ? `${p.noticeStart} 至 ` : '截止 '}${p.noticeEnd}` : null} />}
    </>
  );
}
