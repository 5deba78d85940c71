// 结果发布 (organiser): publish a call's selected cases with their award (certificates are issued at the same time),
// then manage the published list (paged, sorted and filtered on the server): certificates (issue missing ones, revoke
// with a reason) and the public library flag. On a phone both lists are cards.
import { App, Button, Card, Empty, Grid, Input, List, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { resultsApi, resultsLinks, type OrgResultsPage, type ResultsFilters } from '../../api/index.ts';
import { errorMessage } from '../../hooks.ts';
import { totalText, usePagedList } from '../../usePagedList.ts';
import { useOverride } from '../../components/OverrideDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ResultsFilterBar } from '../../components/ResultsFilterBar.tsx';
import { CaseCardItem } from '../../components/CaseCardItem.tsx';
import { ReasonModal } from '../../components/ReasonModal.tsx';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { DownloadOutlined } from '@ant-design/icons';
import { xlsx } from '../../api/reports.ts';
import { useCallDef } from '../../callDefs.ts';

type Published = OrgResultsPage['items'][number];
type Selected = OrgResultsPage['selected'][number];

export function PublishPage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  // Filters of the published list (they belong to the call chosen: another call starts without them).
  const [picked, setPicked] = useState<{ callId?: string; f: Omit<ResultsFilters, 'callId'> }>({ callId: callId ?? undefined, f: {} });
  const f = picked.callId === callId ? picked.f : {};
  const setF = (next: Omit<ResultsFilters, 'callId'>) => setPicked({ callId: callId ?? undefined, f: next });
  // One request: a page of the published cases (paged, sorted and filtered on the server) and every selected case.
  const list = usePagedList((q) => resultsApi.orgResults({ ...q, callId: callId! }), { ...f, callId }, { pageSize: 50, enabled: !!callId });
  const data = list.data as OrgResultsPage | undefined;
  const { error, loading, reload } = list;
  // The call's default award (call data: 2025 典型案例, 2026 入围) until the organiser types another.
  const def = useCallDef(callId);
  const [typed, setAward] = useState<string | null>(null);
  const award = typed ?? def.data?.certificate?.defaultAward ?? '';
  /** Awards set for single cases; the others get the common award. */
  const [awards, setAwards] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  const { withOverride, dialog } = useOverride();

  const act = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      message.success(await fn());
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      await reload();
    }
  };

  /** Every published case of the call (the filter choices count them all). */
  const allPublished = (data?.facets.caseTypes ?? []).reduce((n, t) => n + (t.count ?? 0), 0);
  const filtered = Object.values(f).some(Boolean);

  const certificateOf = (r: Published) =>
    r.certificate ? (
      <Space size={4} wrap>
        <a href={`/verify/${encodeURIComponent(r.certificate.number)}`} target="_blank" rel="noreferrer">
          {r.certificate.number}
        </a>
        {r.certificate.revoked ? (
          <Tag>已撤销</Tag>
        ) : (
          <Button size="small" type="link" danger onClick={() => setRevoking(r.certificate!.number)}>
            撤销
          </Button>
        )}
      </Space>
    ) : (
      <Typography.Text type="secondary">未签发</Typography.Text>
    );

  const awardInput = (r: Selected) => (
    <Input
      size="small"
      aria-label={`获奖等级：${r.title}`}
      maxLength={30}
      placeholder={award}
      value={awards[r.id] ?? ''}
      onChange={(e) => setAwards((a) => ({ ...a, [r.id]: e.target.value }))}
    />
  );

  const librarySwitch = (r: Published) => (
    <Switch
      aria-label={`收入案例库：${r.title}`}
      checked={r.inLibrary}
      onChange={(v) => act(async () => (await resultsApi.setLibrary(r.id, v), v ? '已收入案例库' : '已移出案例库'))}
    />
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="结果发布"
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={callId ? xlsx.results(callId, { ...f, sort: list.request.sort, order: list.request.order }) : undefined} disabled={!callId}>
              导出 Excel
            </Button>
            <CallPicker />
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Typography.Paragraph type="secondary">
          公布后，入选案例的状态变为“已公布”，同时为每个案例签发荣誉证书（列出全部作者），作者可在“我的证书”下载；公布名单在
          <Link to={callId ? `/results?callId=${callId}` : '/results'}> 结果公布 </Link>页面向社会公开。
        </Typography.Paragraph>
        {narrow ? (
          <List<Selected>
            loading={loading}
            dataSource={data?.selected ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
            locale={{ emptyText: <Empty description="没有待公布的入选案例" /> }}
            header={<b>待公布的入选案例（{data?.selected.length ?? 0} 个）</b>}
            renderItem={(r) => (
              <CaseCardItem
                key={r.id}
                id={r.id}
                title={r.title}
                facts={[
                  { key: 'type', label: '案例类型', children: r.caseTypeName },
                  { key: 'authors', label: '作者', children: r.authors.join('、') },
                  { key: 'province', label: '省份', children: r.provinceName },
                  { key: 'award', label: '获奖等级', children: awardInput(r) },
                ]}
              />
            )}
          />
        ) : (
          <Table<Selected>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={data?.selected ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description="没有待公布的入选案例" /> }}
            title={() => <b>待公布的入选案例（{data?.selected.length ?? 0} 个）</b>}
            columns={[
              { title: '案例名称', dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
              { title: '类型', dataIndex: 'caseTypeName', width: 200 },
              { title: '作者', dataIndex: 'authors', width: 200, render: (a: string[]) => a.join('、') },
              { title: '省份', dataIndex: 'provinceName', width: 120 },
              {
                title: '获奖等级',
                key: 'award',
                width: 180,
                render: (_, r) => awardInput(r),
              },
            ]}
          />
        )}
        <Space style={{ marginTop: 16 }} wrap>
          <span>统一获奖等级（单个案例可在上方逐个另填）：</span>
          <Input aria-label="获奖等级" value={award} maxLength={30} onChange={(e) => setAward(e.target.value)} style={{ width: 200 }} />
          <Popconfirm
            title={`确认公布 ${data?.selected.length ?? 0} 个入选案例并签发证书？公布后不可撤回。`}
            disabled={!data?.selected.length}
            // Not awaited: the confirmation closes at once, so an override dialog that follows is not covered by it.
            onConfirm={() =>
              void act(async () => {
                const own = Object.fromEntries(Object.entries(awards).filter(([, v]) => v.trim()));
                const r = await withOverride('在国家级推荐阶段之外公布结果', (reason) => resultsApi.publish(callId!, award.trim(), own, reason));
                if (!r) return '未公布';
                return `已公布 ${r.published} 个案例，签发证书 ${r.certificatesIssued} 张`;
              })
            }
          >
            <Button type="primary" disabled={!data?.selected.length} loading={busy} data-testid="publish">
              公布结果并签发证书
            </Button>
          </Popconfirm>
        </Space>
      </Card>

      <Card
        title={`已公布案例（${allPublished.toLocaleString('zh-CN')} 个）`}
        extra={
          <Space wrap>
            {callId && allPublished ? <Button href={resultsLinks.resultsXlsx(callId, { ...f, ...list.request })}>{filtered ? '下载筛选结果（Excel）' : '下载名单（Excel）'}</Button> : null}
            <Button
              disabled={!callId || !allPublished}
              loading={busy}
              onClick={() => act(async () => `补发证书 ${(await resultsApi.issueCertificates(callId!)).issued} 张`)}
            >
              补发缺少的证书
            </Button>
          </Space>
        }
      >
        <ResultsFilterBar value={f} onChange={setF} facets={data?.facets} searchLabel="搜索已公布案例" />
        {narrow ? (
          <List<Published>
            loading={loading}
            dataSource={list.items}
            locale={{ emptyText: <Empty description={allPublished ? '没有符合条件的案例' : '尚未公布案例'} /> }}
            header={<Typography.Text type="secondary">{totalText(list.total)}</Typography.Text>}
            pagination={{ ...list.listPagination, size: 'small', showSizeChanger: false }}
            renderItem={(r) => (
              <CaseCardItem
                key={r.id}
                id={r.id}
                title={r.title}
                testId="published-card"
                facts={[
                  { key: 'type', label: '案例类型', children: r.caseTypeName },
                  { key: 'authors', label: '作者', children: r.authors.join('、') },
                  { key: 'province', label: '省份', children: r.provinceName },
                  { key: 'award', label: '获奖等级', children: r.award },
                  { key: 'certificate', label: '证书', children: certificateOf(r) },
                  { key: 'library', label: '收入案例库', children: librarySwitch(r) },
                ]}
              />
            )}
          />
        ) : (
          <Table<Published>
            rowKey="id"
            size="small"
            {...list.tableProps}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description={allPublished ? '没有符合条件的案例' : '尚未公布案例'} /> }}
            columns={[
              { title: '案例名称', dataIndex: 'title', ...list.sortable('title'), render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
              { title: '案例类型', dataIndex: 'caseTypeName', width: 160, ...list.sortable('caseType') },
              { title: '作者', dataIndex: 'authors', width: 180, render: (a: string[]) => a.join('、') },
              { title: '省份', dataIndex: 'provinceName', width: 110, ...list.sortable('province') },
              { title: '获奖等级', dataIndex: 'award', width: 110 },
              { title: '证书', key: 'certificate', width: 280, render: (_, r) => certificateOf(r) },
              { title: '收入案例库', key: 'library', width: 110, render: (_, r) => librarySwitch(r) },
            ]}
          />
        )}
      </Card>
      <ReasonModal
        open={revoking !== null}
        title={`撤销证书 ${revoking ?? ''}`}
        label="撤销原因"
        placeholder="如：作者信息有误，需重新签发"
        okText="撤销证书"
        danger
        onCancel={() => setRevoking(null)}
        onSubmit={async (reason) => {
          await resultsApi.revokeCertificate(revoking!, reason);
          setRevoking(null);
          message.success('证书已撤销');
          await reload();
        }}
      />
      {dialog}
    </Space>
  );
}
