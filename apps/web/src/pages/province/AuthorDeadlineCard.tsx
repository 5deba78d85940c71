// 本省作者报送截止时间 (seed 000: 各省自定报送截止时间): the provincial administrator sets its own author deadline, in
// Beijing time, no later than its recommendation deadline; mode 1: the date until which its recommended authors fill in.
import { Alert, App, Button, Card, DatePicker, Descriptions, Grid, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage, useLoad } from '../../hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DemoMovedTag } from '../../components/PhaseNotes.tsx';
import { DEADLINE_SOURCE_TEXT } from '../../labels.ts';
import { beijingText, deadlinesApi, fromBeijing, timeLeft } from '../../api/deadlines.ts';

const FMT = 'YYYY-MM-DD HH:mm:ss';

export function AuthorDeadlineCard({ callId }: { callId: string }) {
  const { message } = App.useApp();
  // A phone's width: labels above their values, so neither is squeezed.
  const wide = Grid.useBreakpoint().md ?? true;
  const d = useLoad(() => deadlinesApi.provinceDeadline(callId), [callId]);
  const [value, setValue] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const data = d.data;
  // mode is null until the province chooses: then neither 方式一 nor 方式二 is named.
  const mode1 = data?.mode === 1;
  const what = mode1 ? '获推荐作者填报截止时间' : '作者报送截止时间';

  const save = async (endsAt: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await deadlinesApi.setProvinceDeadline(callId, endsAt);
      message.success(endsAt ? `${what}已保存` : `已取消本省设定，按推荐上报截止时间`);
      setValue(null);
      await d.reload();
    } catch (e) {
      setError(e);
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!data) return <Card title="作者报送截止时间"><ErrorAlert error={d.error} />{!d.error && <Spin />}</Card>;
  if (!data.applicable) {
    return (
      <Card title="作者报送截止时间">
        <Alert type="info" showIcon title="本活动的作者填报时间由通知统一规定，各省不另行设定" />
      </Card>
    );
  }
  const max = beijingText(data.recommendationEnd);
  const left = data.open ? timeLeft(data.effective) : null;
  return (
    <Card title={`本省${what}`} data-testid="author-deadline-card">
      <ErrorAlert error={error ?? d.error} />
      <Typography.Paragraph type="secondary">
        {mode1
          ? '方式一：本省在自有平台完成遴选后，获推荐的教师须在本省设定的时间前到本平台填报并提交。'
          : data.mode === 2
            ? '方式二：通知规定“各省自定报送截止时间”。作者须在本省设定的时间前提交；未设定时按本省推荐上报截止时间。'
            : '通知规定“各省自定报送截止时间”。作者须在本省设定的时间前提交；未设定时按本省推荐上报截止时间。'}
        截止时间不能晚于本省推荐上报截止时间。提醒短信、作者页面的截止时间和倒计时都按此时间。
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered layout={wide ? 'horizontal' : 'vertical'} style={{ marginBottom: 16, maxWidth: 640 }}
        items={[
          {
            key: 'effective',
            label: '当前截止（北京时间）',
            children: (
              <Space wrap>
                <b data-testid="author-deadline-effective">{beijingText(data.effective)}</b>
                <Tag color={data.source === 'province' ? 'processing' : undefined}>{DEADLINE_SOURCE_TEXT[data.source]}</Tag>
                {data.open ? <Tag color="success">{left ? `还剩 ${left}` : '开放中'}</Tag> : <Tag color="warning">已截止或未开放</Tag>}
                {data.demoMoved && data.source !== 'province' && <DemoMovedTag />}
              </Space>
            ),
          },
          { key: 'max', label: '最晚可设（本省推荐上报截止）', children: <Space wrap>{max}{data.demoMoved && <DemoMovedTag />}</Space> },
          ...(data.own && data.ownSetAt ? [{ key: 'by', label: '设定记录', children: `${data.ownSetBy ?? '省级管理员'} 于 ${beijingText(data.ownSetAt, false)} 设定` }] : []),
        ]}
      />
      <Space wrap align="center">
        <span>设为：</span>
        <DatePicker
          showTime={{ defaultValue: dayjs('23:59:59', 'HH:mm:ss') }}
          format={FMT}
          value={value}
          onChange={setValue}
          placeholder="选择日期和时间（北京时间）"
          style={{ width: 240 }}
          data-testid="author-deadline-picker"
        />
        <Button
          type="primary"
          loading={busy}
          disabled={!value}
          data-testid="author-deadline-save"
          onClick={() => {
            if (!value) return;
            const iso = fromBeijing(value.format(FMT));
            if (new Date(iso).getTime() > new Date(data.recommendationEnd).getTime()) {
              setError(new Error(`截止时间不能晚于本省推荐上报截止时间（北京时间 ${max}），请选择此前的时间`));
              return;
            }
            void save(iso);
          }}
        >
          设定截止时间
        </Button>
        {data.own && (
          <Popconfirm title="取消本省设定后，作者截止时间按本省推荐上报截止时间。确认？" onConfirm={() => save(null)}>
            <Button disabled={busy}>取消本省设定</Button>
          </Popconfirm>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        所选时间均为北京时间。在此时间之后退回的案例，须给作者一个重新提交截止时间（默认 3 天，不晚于推荐上报截止）。
      </Typography.Paragraph>
    </Card>
  );
}
