// 评分标准 (organiser): each case type's rubric with its origin. A rubric the notice publishes is shown as it is; the
// organiser's own (2025: the notice publishes none) can be edited — indicators, 分值 adding up to 100, sub-indicators —
// until a review round of the call opens. The same check (scoring.ts rubricIssues) runs here and on the server.
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { rubricIssues, type RubricIssue } from '@anli/domain/review/scoring.ts';
import { ApiError } from '../../api/index.ts';
import { callDataApi, type CaseTypeRubric } from '../../api/callData.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RubricEditor, RubricView, type RubricIndicatorDraft } from '../../components/RubricEditor.tsx';
import { errorMessage, useLoad } from '../../hooks.ts';
import { fmtTime } from '../../labels.ts';

function SourceTag({ r }: { r: CaseTypeRubric }) {
  return <Tag color={r.source === 'organiser' ? 'warning' : 'success'}>{r.sourceLabel}</Tag>;
}

/** The editor with its own check and save: the rubric is saved alone, not with the call definition. */
function RubricForm({ callId, item, onSaved }: { callId: string; item: CaseTypeRubric; onSaved(r: CaseTypeRubric): void }) {
  const { message } = App.useApp();
  const [draft, setDraft] = useState<RubricIndicatorDraft[]>(() => structuredClone(item.rubric));
  const [serverIssues, setServerIssues] = useState<RubricIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const issues = useMemo(() => rubricIssues(draft), [draft]);
  const issueAt = (path: string) => [...issues, ...serverIssues].find((x) => x.path === path)?.message;

  const save = async () => {
    setSaving(true);
    setServerIssues([]);
    try {
      const saved = await callDataApi.saveRubric(callId, item.caseType, { rubric: draft.map((r) => ({ ...r, id: r.id })) });
      message.success(`已保存“${item.caseTypeName}”的评分标准`);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(e.fields);
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid={`rubric-editor-${item.caseType}`}>
      <RubricEditor value={draft} onChange={setDraft} issueAt={issueAt} />
      {issues.length > 0 && (
        <Alert type="warning" showIcon title="保存前请修改以下问题" description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{issues.map((x) => <li key={x.path + x.message}>{x.message}</li>)}</ul>} />
      )}
      <Space wrap>
        <Popconfirm title="保存后专家将按新的评分标准打分，确定保存？" okText="保存" cancelText="取消" onConfirm={() => void save()} disabled={issues.length > 0}>
          <Button type="primary" loading={saving} disabled={issues.length > 0}>
            保存评分标准
          </Button>
        </Popconfirm>
        <Button onClick={() => (setDraft(structuredClone(item.rubric)), setServerIssues([]))}>放弃修改</Button>
      </Space>
    </Space>
  );
}

export function RubricsPage() {
  const { callId } = useCalls();
  const loaded = useLoad(() => (callId ? callDataApi.rubrics(callId) : Promise.resolve([] as CaseTypeRubric[])), [callId]);
  const [items, setItems] = useState<CaseTypeRubric[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    setItems(loaded.data ?? []);
    setEditing(null);
  }, [loaded.data]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <CallPicker />
      <ErrorAlert error={loaded.error} />
      {items.map((r) => (
        <Card
          key={r.caseType}
          title={r.caseTypeName}
          loading={loaded.loading}
        >
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <SourceTag r={r} />
            {r.source === 'organiser' && (
              <Alert
                type="info"
                showIcon
                title="活动通知未公布评分标准，以下为组委会自定的评分标准"
                description={r.editable ? '评审轮次开始前，组委会可修改指标、分值（合计 100 分）和二级指标；评审开始后不能再修改。' : r.lockedReason}
              />
            )}
            {r.edited && (
              <Descriptions size="small" column={1} items={[{ key: 'e', label: '最近修改', children: `${r.edited.by ?? '组委会'}，${fmtTime(r.edited.at)}` }]} />
            )}
            {editing === r.caseType ? (
              <RubricForm
                callId={callId!}
                item={r}
                onSaved={(saved) => {
                  setItems((list) => list.map((x) => (x.caseType === saved.caseType ? saved : x)));
                  setEditing(null);
                }}
              />
            ) : (
              <>
                <RubricView rubric={r.rubric} />
                {r.editable && (
                  <Button type="primary" onClick={() => setEditing(r.caseType)} data-testid={`edit-rubric-${r.caseType}`}>
                    修改评分标准
                  </Button>
                )}
              </>
            )}
          </Space>
        </Card>
      ))}
    </Space>
  );
}
