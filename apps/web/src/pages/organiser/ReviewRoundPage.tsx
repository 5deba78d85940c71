// One review round: assignments (automatic, then adjusted by hand; a conflicting expert needs an explicit override
// with a reason) and results (raw and normalised means, disagreement flags, ranks per case type and province),
// from which the organiser decides selected / not selected in bulk. With scope="province" it is a provincial
// administrator's round of 省级评审: same panels, no 同省 rule, and no decisions (the results are advisory); the
// organiser opens provincial rounds read-only.
import { Alert, App, Button, Card, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/index.ts';
import { reviewApi as nationalApi } from '../../api/review.ts';
import { roundsApi, type ExpertRow, type ResultRow, type RoundAssignments, type RoundsApi, type ReviewScope } from '../../api/review.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { useOverride } from '../../components/OverrideDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import type { CaseState } from '@anli/domain/lifecycle.ts';

const SHEET_COLORS = { pending: 'default', draft: 'warning', submitted: 'success' } as const;
const SHEET_TEXT = { pending: '未评', draft: '草稿', submitted: '已评' } as const;
const MATCH_TEXT: Record<string, string> = { 'subject+stage': '学科+学段匹配', subject: '学科匹配', stage: '学段匹配', none: '无匹配' };

export function ReviewRoundPage({ scope = 'national' }: { scope?: ReviewScope }) {
  const { roundId = '' } = useParams();
  const navigate = useNavigate();
  const [tab, setTab] = useState('assign');
  const reviewApi = roundsApi(scope);
  const assignments = useLoad(() => reviewApi.assignments(roundId), [roundId, scope]);
  const round = assignments.data?.round;
  // The organiser reads a provincial round but does not run it; a provincial round decides nothing.
  const readOnly = !!round && round.scope !== scope;
  const advisory = round?.scope === 'province';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        // The round's name wraps on a phone instead of being cut off by the back button.
        styles={{ title: { whiteSpace: 'normal' } }}
        title={
          <Space wrap>
            <span data-testid="round-name">{round?.name ?? '评审轮次'}</span>
            {round && <Tag>{round.stateLabel}</Tag>}
            {advisory && <Tag color="purple">省级评审（{round?.provinceName}）· 结果仅供推荐参考</Tag>}
          </Space>
        }
        extra={<Button onClick={() => navigate(reviewApi.pagePath)}>返回评审轮次</Button>}
      >
        {round && (
          <Typography.Text type="secondary">
            {round.callTitle} · {round.caseTypes.map((t) => t.name).join('、')} · 每个案例 {round.perCase} 位专家
          </Typography.Text>
        )}
      </Card>
      <ErrorAlert error={assignments.error} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'assign',
            label: '专家分配',
            children: <AssignPanel api={reviewApi} readOnly={readOnly} roundId={roundId} data={assignments.data} loading={assignments.loading} reload={assignments.reload} />,
          },
          {
            key: 'results',
            label: advisory ? '评审结果（仅供参考）' : '评审结果与决定',
            children: tab === 'results' ? <ResultsPanel api={reviewApi} decisions={!advisory && !readOnly} roundId={roundId} /> : null,
          },
        ]}
      />
    </Space>
  );
}

function AssignPanel({ api: reviewApi, readOnly, roundId, data, loading, reload }: { api: RoundsApi; readOnly: boolean; roundId: string; data?: RoundAssignments; loading: boolean; reload(): Promise<void> }) {
  const { message } = App.useApp();
  const experts = useLoad(() => (readOnly ? Promise.resolve([]) : reviewApi.experts()), [reviewApi.scope, readOnly]);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState<RoundAssignments['cases'][number] | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const closed = data?.round.state === 'closed' || readOnly;
  const provincial = data?.round.scope === 'province';
  // Names from the pool, and from the assignments themselves (the organiser reading a provincial round loads no pool).
  const names = new Map([
    ...(data?.cases ?? []).flatMap((c) => c.experts.map((e) => [e.expertId, e.name] as [string, string])),
    ...(experts.data ?? []).map((e) => [e.id, e.name] as [string, string]),
  ]);

  const auto = async () => {
    setBusy(true);
    try {
      const r = await reviewApi.autoAssign(roundId, picked);
      message.success(`自动分配完成，新增 ${r.added} 个分配${r.unassigned.length ? `；${r.unassigned.length} 个案例专家不足` : ''}`);
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (caseId: string, expertId: string) => {
    try {
      await reviewApi.removeAssignment(roundId, caseId, expertId);
      message.success('已移除');
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const loads = Object.entries(data?.loads ?? {});
  return (
    <Card
      title={`案例 ${data?.cases.length ?? 0} 个`}
      extra={
        <Space wrap>
          {!closed && (
            <Select
              aria-label="参与分配的专家"
              mode="multiple"
              allowClear
              maxTagCount={2}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="参与分配的专家（默认全部已激活）"
              style={{ minWidth: 300 }}
              value={picked}
              onChange={setPicked}
              options={(experts.data ?? []).filter((e) => e.status === 'active').map((e) => ({ value: e.id, label: `${e.name}（${e.provinceName} · ${e.unitName}）` }))}
            />
          )}
          <Button type="primary" onClick={auto} loading={busy} disabled={closed || !data?.cases.length}>
            自动分配
          </Button>
        </Space>
      }
    >
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="这是省级评审轮次，由该省省级管理员管理；组委会只能查看。" />}
      {data && !data.cases.length && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={provincial ? '本轮还没有案例。请在评审轮次页“开始评审”，本省已提交的案例将加入本轮。' : '本轮还没有案例。请在评审轮次页“开始评审”，省级已推荐的案例将进入本轮。'}
        />
      )}
      {loads.length > 0 && (
        <Typography.Paragraph type="secondary">
          专家负载：{loads.map(([id, n]) => `${names.get(id) ?? id.slice(0, 6)} ${n}`).join('，')}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="caseId"
        size="small"
        loading={loading}
        dataSource={data?.cases ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: '案例', dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.caseId}`}>{t}</Link> },
          { title: '类型', dataIndex: 'caseTypeName' },
          { title: '省份', dataIndex: 'provinceName' },
          { title: '第一作者单位', dataIndex: 'unitName', render: (v?: string) => v ?? '—' },
          { title: '学科/学段', render: (_: unknown, r) => [r.subject, r.stage].filter(Boolean).join(' · ') || '—' },
          {
            title: '评审专家',
            render: (_: unknown, r) => (
              <Space wrap size={4} data-testid={`experts-${r.caseId}`}>
                {r.experts.map((e) => (
                  <Tooltip key={e.expertId} title={`${e.provinceName} · ${e.unitName} · ${MATCH_TEXT[e.match] ?? e.match}${e.source === 'manual' ? ' · 手工分配' : ''}${e.overrideReason ? ` · 越过回避：${e.overrideReason}` : ''}${e.total !== null ? ` · ${e.total} 分` : ''}`}>
                    <Tag
                      color={e.overrideReason ? 'error' : SHEET_COLORS[e.status]}
                      closable={!closed && e.status !== 'submitted'}
                      onClose={(ev) => {
                        ev.preventDefault();
                        void remove(r.caseId, e.expertId);
                      }}
                    >
                      {e.overrideReason && <WarningOutlined />} {e.name}（{SHEET_TEXT[e.status]}）
                    </Tag>
                  </Tooltip>
                ))}
                {r.experts.length < (data?.round.perCase ?? 0) && <Tag color="warning">缺 {(data?.round.perCase ?? 0) - r.experts.length} 位</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_: unknown, r) => (
              <Button size="small" icon={<PlusOutlined />} disabled={closed} onClick={() => setAdding(r)}>
                添加专家
              </Button>
            ),
          },
        ]}
      />
      {adding && <AddExpertModal api={reviewApi} provincial={provincial} roundId={roundId} row={adding} experts={experts.data ?? []} onClose={() => setAdding(null)} onDone={reload} />}
    </Card>
  );
}

function AddExpertModal({ api: reviewApi, provincial, roundId, row, experts, onClose, onDone }: { api: RoundsApi; provincial: boolean; roundId: string; row: RoundAssignments['cases'][number]; experts: ExpertRow[]; onClose(): void; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [expertId, setExpertId] = useState<string>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const assigned = new Set(row.experts.map((e) => e.expertId));
  const conflictsOf = (e: ExpertRow): string[] => {
    const out: string[] = [];
    // A provincial round's cases are all of the province: 同省 is no conflict there.
    if (!provincial && e.provinceCode === row.provinceCode) out.push('同省');
    if (row.unitName && e.unitName === row.unitName) out.push('同单位');
    if (row.conflictExpertIds.includes(e.id)) out.push('已登记回避');
    return out;
  };
  const chosen = experts.find((e) => e.id === expertId);
  const conflicts = chosen ? conflictsOf(chosen) : [];
  const save = async () => {
    if (!expertId) return;
    setBusy(true);
    setError(null);
    try {
      const r = await reviewApi.addAssignment(roundId, { caseId: row.caseId, expertId, overrideReason: reason.trim() || undefined });
      message.success(r.override ? '已越过回避分配（已记录审计日志）' : '已分配');
      await onDone();
      onClose();
    } catch (e) {
      setError(e);
      if (!(e instanceof ApiError)) message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`添加评审专家：${row.title}`}
      onCancel={onClose}
      onOk={save}
      okText={conflicts.length ? '越过回避并分配' : '分配'}
      okButtonProps={{ danger: conflicts.length > 0, disabled: !expertId || (conflicts.length > 0 && reason.trim().length < 2) }}
      cancelText="取消"
      confirmLoading={busy}
    >
      <ErrorAlert error={error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select
          aria-label="专家"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="选择专家"
          style={{ width: '100%' }}
          value={expertId}
          onChange={setExpertId}
          options={experts
            .filter((e) => !assigned.has(e.id))
            .map((e) => {
              const c = conflictsOf(e);
              return { value: e.id, label: `${e.name}（${e.provinceName} · ${e.unitName}）${c.length ? ` ⚠ ${c.join('、')}` : ''}${e.status === 'invited' ? ' · 待激活' : ''}` };
            })}
        />
        {conflicts.length > 0 && (
          <>
            <Alert type="warning" showIcon title={`该专家与案例存在回避关系：${conflicts.join('、')}`} description="如确需分配，请填写越过回避的理由；该操作将记入审计日志。" />
            <Input.TextArea aria-label="越过回避的理由" rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="越过回避的理由" />
          </>
        )}
      </Space>
    </Modal>
  );
}

function ResultsPanel({ api: reviewApi, decisions, roundId }: { api: RoundsApi; decisions: boolean; roundId: string }) {
  const { message } = App.useApp();
  const [by, setBy] = useState<'normalised' | 'raw'>('normalised');
  const results = useLoad(() => reviewApi.results(roundId, by), [roundId, by]);
  const [caseType, setCaseType] = useState<string>();
  const [province, setProvince] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [topN, setTopN] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const { withOverride, dialog } = useOverride();
  const rows = results.data?.rows ?? [];
  const normalisation = results.data?.normalisation;
  const zShown = normalisation?.available !== false;
  const types = useMemo(() => [...new Map(rows.map((r) => [r.caseType, r.caseTypeName])).entries()], [rows]);
  const provinces = useMemo(() => [...new Map(rows.map((r) => [r.provinceCode, r.provinceName])).entries()], [rows]);
  const shown = rows
    .filter((r) => (!caseType || r.caseType === caseType) && (!province || r.provinceCode === province))
    .sort((a, b) => (province ? (a.provinceRank ?? 1e9) - (b.provinceRank ?? 1e9) : 0));
  const decidable = (r: ResultRow) => decisions && r.state === 'national_review';

  const pickTop = () => {
    if (!topN) return;
    setSelected(shown.filter((r) => decidable(r) && r.typeRank !== null && r.typeRank <= topN).map((r) => r.caseId));
  };
  const decide = async (decision: 'select' | 'reject') => {
    setBusy(true);
    try {
      const list = selected.map((caseId) => ({ caseId, decision }));
      const r = await withOverride(decision === 'select' ? '在信息不完整时确定入选' : '在国家级推荐阶段之外确定结果', (reason) => nationalApi.decide(roundId, list, reason));
      if (!r) return;
      message.success(`已确定 ${r.decided} 个案例${decision === 'select' ? '入选' : '未入选'}`);
      setSelected([]);
      await results.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <ErrorAlert error={results.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={zShown ? by : 'raw'}
          disabled={!zShown}
          onChange={(v) => setBy(v as 'normalised' | 'raw')}
          options={[
            { value: 'normalised', label: '按标准化分排名' },
            { value: 'raw', label: '按原始分排名' },
          ]}
        />
        <Select allowClear aria-label="案例类型" placeholder="全部类型" style={{ width: 220 }} value={caseType} onChange={setCaseType} options={types.map(([v, l]) => ({ value: v, label: l }))} />
        <Select allowClear aria-label="省份" placeholder="全部省份" style={{ width: 160 }} value={province} onChange={setProvince} options={provinces.map(([v, l]) => ({ value: v, label: l }))} />
        {decisions && (
          <>
            <InputNumber aria-label="前 N 名" min={1} placeholder="前 N 名" value={topN} onChange={(v) => setTopN(typeof v === 'number' ? v : null)} />
            <Button onClick={pickTop} disabled={!topN}>
              选中各类型前 N 名
            </Button>
          </>
        )}
      </Space>
      {!zShown && normalisation?.reason && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="normalisation-note" title="本轮按原始均分排名" description={normalisation.reason} />
      )}
      <Typography.Paragraph type="secondary">
        标准化分：每位专家的总分先按其本人在本轮的平均分和标准差换算为 z 分数，再折算为均值 75、标准差 10 的分数，消除专家宽严差异；同一案例专家最高分与最低分相差超过 20 分时标记“分歧大”。排名按案例类型，省内排名按类型内同省案例；同分并列。选择省份时按省内排名排序。
      </Typography.Paragraph>
      {!decisions && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="省级评审结果仅供本省推荐时参考，不确定入选、不发布任何结果；本省案例列表中会显示各案例在本轮的排名。" />}
      {decisions && (
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>已选 {selected.length} 个</Typography.Text>
        <Popconfirm title={`确定 ${selected.length} 个案例入选？`} okText="确定" cancelText="取消" onConfirm={() => void decide('select')} disabled={!selected.length}>
          <Button type="primary" disabled={!selected.length} loading={busy}>
            确定入选
          </Button>
        </Popconfirm>
        <Popconfirm title={`确定 ${selected.length} 个案例未入选？`} okText="确定" cancelText="取消" onConfirm={() => void decide('reject')} disabled={!selected.length}>
          <Button danger disabled={!selected.length} loading={busy}>
            确定未入选
          </Button>
        </Popconfirm>
      </Space>
      )}
      <Table<ResultRow>
        rowKey="caseId"
        size="small"
        loading={results.loading}
        dataSource={shown}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        rowSelection={decisions ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ disabled: !decidable(r) }) } : undefined}
        expandable={{
          expandedRowRender: (r) => (
            <Table
              rowKey="expertId"
              size="small"
              pagination={false}
              dataSource={r.sheets}
              columns={[
                { title: '专家', dataIndex: 'expertName' },
                { title: '状态', dataIndex: 'status', render: (s: keyof typeof SHEET_TEXT) => <Tag color={SHEET_COLORS[s]}>{SHEET_TEXT[s]}</Tag> },
                { title: '原始总分', dataIndex: 'total', render: (v: number | null) => v ?? '—' },
                ...(zShown ? [{ title: '标准化分', dataIndex: 'normalised', render: (v: number | null) => v ?? '—' }] : []),
                { title: '评语', dataIndex: 'comment' },
              ]}
            />
          ),
        }}
        columns={[
          { title: '类型内排名', render: (_: unknown, r) => (r.typeRank ?? '—') + (r.tied ? '（并列）' : '') },
          { title: '案例', dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.caseId}`}>{t}</Link> },
          { title: '类型', dataIndex: 'caseTypeName' },
          { title: '省份', dataIndex: 'provinceName' },
          { title: '已评/分配', render: (_: unknown, r) => `${r.submitted} / ${r.assigned}` },
          { title: '原始均分', dataIndex: 'rawMean', render: (v: number | null) => v ?? '—' },
          ...(zShown ? [{ title: '标准化均分', dataIndex: 'normalisedMean', render: (v: number | null) => v ?? '—' }] : []),
          {
            title: '分歧',
            dataIndex: 'disagreement',
            render: (d: ResultRow['disagreement']) => (d?.flagged ? <Tag color="error">分歧大（差 {d.range} 分）</Tag> : d ? `差 ${d.range} 分` : '—'),
          },
          { title: '省内排名', dataIndex: 'provinceRank', render: (v: number | null) => v ?? '—' },
          { title: '状态', dataIndex: 'state', render: (s: CaseState, r) => <StateTag state={s} label={r.stateLabel} /> },
        ]}
      />
      {dialog}
    </Card>
  );
}
