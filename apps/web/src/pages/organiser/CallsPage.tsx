// 活动管理: a call's definition (types, fields, slots, quotas, rubric, scenarios), phases and per-province extensions.
import { Card, Collapse, Descriptions, Grid, Spin, Tabs } from 'antd';
import { api } from '../../api/index.ts';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PhasesPanel, ExtensionsPanel } from './PhasesPanel.tsx';
import { CaseTypesPanel, QuotaPanel, ScenarioPanel } from './DefinitionPanels.tsx';

export function CallsPage() {
  const { callId } = useCalls();
  const { data, error, reload } = useLoad(() => (callId ? api.orgCall(callId) : Promise.resolve(undefined)), [callId]);
  const narrow = Grid.useBreakpoint().md === false;
  const sections = data
    ? [
        { key: 'phases', label: '阶段与截止时间', children: <PhasesPanel callId={data.id} phases={data.phases} onChanged={reload} /> },
        { key: 'ext', label: '分省延期', children: <ExtensionsPanel callId={data.id} phases={data.phases} extensions={data.extensions ?? []} onChanged={reload} /> },
        { key: 'types', label: '案例类型与表单', children: <CaseTypesPanel call={data} /> },
        { key: 'quota', label: '推荐名额', children: <QuotaPanel call={data} /> },
        { key: 'scenario', label: '场景框架', children: <ScenarioPanel call={data} /> },
      ]
    : [];
  return (
    <Card title="活动管理" extra={<CallPicker />}>
      <ErrorAlert error={error} />
      {!data ? (
        !error && <Spin />
      ) : (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, lg: 2 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 't', label: '活动名称', children: data.title },
              { key: 'no', label: '文号', children: data.documentNo ?? '—' },
              { key: 'i', label: '主办单位', children: data.issuer },
              { key: 'p', label: '参与对象', children: data.participants },
              { key: 'v', label: '定义版本', children: `第 ${data.version} 版` },
              { key: 'o', label: '规则', children: [data.onePerAuthor ? '每位作者限报 1 个案例' : '每位作者可报多个案例', data.provinceModes ? '各省选择征集方式' : null].filter(Boolean).join('；') },
              { key: 'e', label: '联系邮箱', children: data.contactEmail },
            ]}
          />
          {/* On a phone the sections fold one above the other: a tab bar wider than the screen hides tabs behind a menu. */}
          {narrow ? <Collapse items={sections} /> : <Tabs items={sections} />}
        </>
      )}
    </Card>
  );
}
