// 本省案例: quota counters, filters, review actions, 推荐上报 and Excel export for a provincial administrator.
import { Alert, App, Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, downloads, type CaseDetail, type CaseListItem, type CaseSummary } from '../../api/index.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { usePagedList } from '../../usePagedList.ts';
import { CaseFilterBar, type CaseFilterValues } from '../../components/cases/CaseFilterBar.tsx';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReturnedState, StateTag } from '../../components/StateTag.tsx';
import { ReturnModal } from '../../components/ReasonModal.tsx';
import { QuotaCounters } from '../../components/QuotaCounters.tsx';
import { fmtTime, phaseRange } from '../../labels.ts';
import { useCallDef } from '../../callDefs.ts';
import { provinceReviewApi, type ProvinceAdvice } from '../../api/review.ts';
import type { CaseState } from '@anli/domain/lifecycle.ts';
import { PhaseNotes } from '../../components/PhaseNotes.tsx';
import { deadlinesApi } from '../../api/deadlines.ts';

export const PROVINCE_STATE_FILTERS: CaseState[] = ['submitted', 'returned', 'province_recommended', 'not_recommended', 'national_review', 'selected', 'not_selected', 'published', 'disqualified', 'declined'];

export function ProvinceCasesPage() {
  const { callId } = useCalls();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<CaseFilterValues>({});
  // The case being returned, with the resubmission date the server would give it (after the author deadline).
  const [returning, setReturning] = useState<{ c: CaseListItem; lateReturn: CaseDetail['lateReturn'] } | null>(null);
  const callDef = useCallDef(callId);
  const status = useLoad(() => (callId ? api.provinceStatus(callId) : Promise.resolve(undefined)), [callId]);
  const list = usePagedList((q) => api.provinceCases(q), { ...filters, callId }, { enabled: !!callId, pageSize: 50 });
  // Advisory standing from the province's own 省级评审 rounds, shown beside each case.
  const advice = useLoad(() => (callId ? provinceReviewApi.advice(callId) : Promise.resolve(undefined)), [callId]);
  const hasAdvice = Object.keys(advice.data?.cases ?? {}).length > 0;
  const locked = status.data?.locked ?? false;
  const recPhase = status.data?.phases.find((p) => p.id === 'province_recommendation');
  // After the province's author deadline a return gives the author a resubmission date (default 3 days): the
  // server's case page data says whether, and which dates, as of now.
  const startReturn = async (c: CaseListItem) => {
    try {
      const detail = await api.getCase(c.id);
      setReturning({ c, lateReturn: detail.lateReturn ?? null });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const refresh = async () => {
    await Promise.all([status.reload(), list.reload()]);
  };
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
    await refresh();
  };

  const confirmReport = () => {
    if (!callId) return;
    const seats = status.data?.quota.reduce((s, q) => s + q.used, 0) ?? 0;
    const preselected = status.data?.preselected ?? 0;
    const empty = status.data?.emptyPreselected ?? [];
    modal.confirm({
      title: '确认推荐上报？',
      width: 560,
      content: (
        <div>
          {empty.length > 0 && (
            <Alert
              data-testid="empty-preselected"
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`还有 ${empty.length} 个方式一预选案例的作者尚未填写提交：`}
              description={
                <ul style={{ paddingLeft: 18, margin: 0 }}>
                  {empty.slice(0, 20).map((c) => (
                    <li key={c.id}>
                      {c.title}（{c.authorName}）
                    </li>
                  ))}
                  {empty.length > 20 && <li>等 {empty.length} 个</li>}
                </ul>
              }
            />
          )}
          <p>
            本次将上报占用名额的 {seats} 个案例{preselected ? `（其中方式一预选 ${preselected} 个）` : ''}。上报后推荐名单将被锁定：
          </p>
          <ul style={{ paddingLeft: 18 }}>
            <li>不能再推荐、取消推荐或退回案例；</li>
            <li>已提交但未推荐的案例将标记为“省级未推荐”；</li>
            <li>如需修改，只能联系组委会解锁。</li>
          </ul>
        </div>
      ),
      okText: '确认上报',
      cancelText: '再检查一下',
      onOk: async () => {
        try {
          await api.reportList(callId);
          message.success('推荐名单已上报并锁定');
        } catch (e) {
          message.error(errorMessage(e));
        }
        await refresh();
      },
    });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <CallPicker />
            {recPhase && (
              <Typography.Text type={recPhase.open ? undefined : 'warning'}>
                {recPhase.name}：{phaseRange(recPhase)}
                {recPhase.extended ? '（本省已延期）' : ''}
                {recPhase.open ? '' : '（未开放）'} <PhaseNotes p={recPhase} />
              </Typography.Text>
            )}
          </Space>
          <Button type="primary" icon={<LockOutlined />} disabled={!callId || locked || !status.data} onClick={confirmReport}>
            推荐上报
          </Button>
        </Space>
        <ErrorAlert error={status.error} />
        {status.data && <QuotaCounters quota={status.data.quota} />}
        {status.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="draft-count">
            {status.data.preselected ? `名额含方式一预选（占用名额）${status.data.preselected} 个。` : ''}
            作者尚未提交的草稿 {status.data.drafts ?? 0} 个（草稿在提交前属于作者本人，此处只显示数量；方式一预选案例除外）。
          </Typography.Paragraph>
        )}
        {status.data && !locked && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
            {!status.data.contactFormSubmitted && (
              <Alert type="warning" showIcon title={<span>尚未提交本省联系人信息表，<Link to="/province/contact">去填写</Link></span>} />
            )}
            {callDef.data?.provinceModes && !status.data.mode && (
              <Alert type="warning" showIcon title={<span>尚未选择本省征集方式（方式一或方式二），<Link to="/province/mode">去选择</Link></span>} />
            )}
          </Space>
        )}
        {locked && (
          <Alert
            data-testid="locked-banner"
            type="success"
            showIcon
            icon={<LockOutlined />}
            style={{ marginTop: 16 }}
            title={`本省推荐名单已上报并锁定${status.data?.lockedAt ? `（${fmtTime(status.data.lockedAt)}）` : ''}`}
            description="如需修改推荐名单，请联系组委会解锁。"
          />
        )}
      </Card>
      <Card title="本省案例">
        <CaseFilterBar
          value={filters}
          onChange={setFilters}
          check
          caseTypes={callDef.data?.caseTypes}
          states={PROVINCE_STATE_FILTERS}
          exportHref={callId ? downloads.provinceCasesXlsx({ ...filters, callId, sort: list.request.sort, order: list.request.order }) : null}
        />
        <ErrorAlert error={list.error} />
        <Table<CaseListItem>
          rowKey="id"
          {...list.tableProps}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty description="暂无符合条件的案例。作者提交后，案例会出现在这里。" /> }}
          columns={[
            { title: '案例名称', dataIndex: 'title', width: 240, ...list.sortable('title'), render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
            { title: '类型', dataIndex: 'caseTypeName', width: 160, ...list.sortable('type') },
            { title: '作者', dataIndex: 'authorName', width: 100, ...list.sortable('author') },
            { title: '学段/类别', key: 'classification', width: 120, render: (_, r) => classification(r, callDef.data?.quota.groups) },
            { title: '状态', dataIndex: 'state', width: 170, ...list.sortable('state'), render: (s: CaseState, r) => <ReturnedState s={s} r={r} /> },
            { title: '材料检测', key: 'check', width: 180, render: (_, r) => <CheckCell r={r} /> },
            ...(hasAdvice
              ? [{ title: '省级评审（参考）', key: 'advice', width: 170, render: (_: unknown, r: CaseListItem) => <AdviceCell a={advice.data?.cases[r.id]} /> }]
              : []),
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, ...list.sortable('submitted'), render: fmtTime },
            {
              title: '操作',
              key: 'actions',
              width: 220,
              render: (_, r) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => navigate(`/cases/${r.id}`)}>
                    查看
                  </Button>
                  {!locked && r.actions.includes('return') && (
                    <Button type="link" size="small" danger onClick={() => void startReturn(r)}>
                      退回
                    </Button>
                  )}
                  {!locked && r.actions.includes('recommend') && (
                    <Button type="link" size="small" onClick={() => act(() => api.recommendCase(r.id), '已推荐')}>
                      推荐
                    </Button>
                  )}
                  {!locked && r.actions.includes('unrecommend') && (
                    <Button type="link" size="small" onClick={() => act(() => api.unrecommendCase(r.id), '已取消推荐')}>
                      取消推荐
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReturnModal
        open={!!returning}
        caseTitle={returning?.c.title ?? ''}
        onCancel={() => setReturning(null)}
        lateReturn={returning?.lateReturn ?? null}
        returnCase={(reason, resubmitUntil) => deadlinesApi.returnCase(returning!.c.id, reason, resubmitUntil)}
        onDone={async () => {
          setReturning(null);
          await refresh();
        }}
      />
    </Space>
  );
}

/** 通过 / 待人工复核 / the failing rules by name. */
function CheckCell({ r }: { r: CaseListItem }) {
  if (!r.checkStatus) return <span>—</span>;
  const color = r.checkStatus === 'passed' ? 'success' : r.checkStatus === 'review' ? 'warning' : r.checkStatus === 'failing' ? 'error' : 'default';
  if (r.checkStatus === 'failing') {
    return (
      <Space orientation="vertical" size={2} data-testid="check-cell">
        <Tag color={color}>未通过</Tag>
        <Typography.Text type="danger" style={{ fontSize: 12 }}>{(r.failingRuleNames ?? []).join('、')}</Typography.Text>
      </Space>
    );
  }
  return <Tag color={color} data-testid="check-cell">{r.checkLabel}</Tag>;
}

/** A case's rank and mean in the latest 省级评审 round that holds it (advisory). */
function AdviceCell({ a }: { a?: ProvinceAdvice }) {
  if (!a) return <Typography.Text type="secondary">未参评</Typography.Text>;
  if (a.typeRank === null) return <Typography.Text type="secondary">评分中（{a.submitted}/{a.assigned}）</Typography.Text>;
  return (
    <Tooltip title={`${a.roundName}（${a.roundState}）· 原始均分 ${a.rawMean} · 已评 ${a.submitted}/${a.assigned}`}>
      <span data-testid="province-advice">
        第 {a.typeRank}/{a.typeCount} 名{a.tied ? '（并列）' : ''} · {a.normalisedMean ?? a.rawMean} 分{a.normalisedMean === null ? '（原始均分）' : ''}
        {a.disagreement && <Tag color="error" style={{ marginLeft: 4 }}>分歧大</Tag>}
      </span>
    </Tooltip>
  );
}

/** 学段 or 案例类别 as the server reports it; otherwise the quota group's name. */
export function classification(r: CaseSummary, groups?: Array<{ id: string; name: string }>): string {
  if (r.classification) return r.classification;
  if (r.quotaGroup && groups && groups.length > 1) return r.quotaGroupName ?? groups.find((g) => g.id === r.quotaGroup)?.name ?? r.quotaGroup;
  return '—';
}
