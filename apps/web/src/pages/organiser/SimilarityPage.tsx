// 相似度检测: the organiser starts a near-duplicate scan of a call and reviews the pairs side by side with the
// overlapping passages highlighted. Machine suggestions: whether a pair is plagiarism is for people to decide.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Empty, Progress, Row, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { useLoad, errorMessage } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';
import { findProvince } from '@anli/domain/provinces.ts';
import { highlightSegments } from '@anli/similarity/align.ts';
import { similarityApi, type PairDetail, type SimilarCase, type SimilarPair } from '../../api/similarity.ts';

const LABEL = '机器建议，需人工判断';
const STATE_TEXT: Record<string, { text: string; color: string }> = {
  queued: { text: '排队中', color: 'default' },
  running: { text: '检测中', color: 'processing' },
  done: { text: '已完成', color: 'success' },
  error: { text: '出错', color: 'error' },
};

function CaseCell({ c, callId }: { c: SimilarCase; callId: string }) {
  const { calls } = useCalls();
  // A case of another call is named by that call (往届 would be wrong for another call of the same year).
  const otherCall = c.callId !== callId ? (calls.find((x) => x.id === c.callId)?.title ?? '其他活动') : null;
  return (
    <Space orientation="vertical" size={0}>
      <Link to={`/cases/${c.caseId}`}>{c.title || '（未命名）'}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {findProvince(c.provinceCode)?.name ?? c.provinceCode}
        {otherCall && <Tag style={{ marginLeft: 6 }}>{otherCall}</Tag>}
      </Typography.Text>
    </Space>
  );
}

function Highlighted({ text, ranges }: { text: string; ranges: Array<[number, number]> }) {
  return (
    <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, maxHeight: '70vh', overflow: 'auto', padding: 12, border: '1px solid #f0f0f0', borderRadius: 6 }}>
      {highlightSegments(text, ranges).map((s, i) =>
        s.mark ? (
          <mark key={i} style={{ background: '#ffe58f', padding: 0 }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </div>
  );
}

function PairView({ pair, callId }: { pair: SimilarPair; callId: string }) {
  const detail = useLoad<PairDetail>(() => similarityApi.pair(pair.a.caseId, pair.b.caseId), [pair.a.caseId, pair.b.caseId]);
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Card loading />;
  const d = detail.data;
  return (
    <>
      <Alert type="warning" showIcon title={`${LABEL}：高亮部分为两份材料中重合的段落，是否构成抄袭请人工判断。`} style={{ marginBottom: 12 }} />
      <Tabs
        defaultActiveKey={pair.source}
        items={d.sources.map((s) => ({
          key: s.source,
          label: `${s.sourceLabel}${s.score !== null ? `（${Math.round(s.score * 100)}%）` : ''}`,
          children: (
            <Row gutter={16}>
              {(['a', 'b'] as const).map((side) => {
                const text = side === 'a' ? s.textA : s.textB;
                const ranges = s.passages.map((p) => p[side]);
                const covered = ranges.reduce((n, [x, y]) => n + y - x, 0);
                return (
                  <Col span={12} key={side}>
                    <Space style={{ marginBottom: 8 }} wrap>
                      <CaseCell c={d[side]} callId={callId} />
                      <Typography.Text type="secondary">重合约 {text.length ? Math.round((covered / text.length) * 100) : 0}%，{s.passages.length} 段</Typography.Text>
                    </Space>
                    <Highlighted text={text} ranges={ranges} />
                  </Col>
                );
              })}
            </Row>
          ),
        }))}
      />
    </>
  );
}

export function SimilarityPage() {
  const { callId } = useCalls();
  const list = useLoad(() => (callId ? similarityApi.list(callId) : Promise.resolve(null)), [callId]);
  const [open, setOpen] = useState<SimilarPair | null>(null);
  const [starting, setStarting] = useState(false);
  const state = list.data?.scan?.state;

  // Poll while a scan is waiting or running.
  useEffect(() => {
    if (state !== 'queued' && state !== 'running') return;
    const t = setInterval(() => void list.reload(), 2000);
    return () => clearInterval(t);
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps

  const start = async () => {
    if (!callId) return;
    setStarting(true);
    try {
      await similarityApi.scan(callId);
      message.success('已开始检测，完成后列表自动更新');
      await list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };

  const scan = list.data?.scan;
  return (
    <Card
      title="相似度检测"
      extra={
        <Space wrap>
          <CallPicker />
          <Button type="primary" loading={starting || state === 'queued' || state === 'running'} onClick={start} disabled={!callId}>
            开始检测
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={LABEL}
        description="系统比对本活动所有已提交案例的简介、总结报告和课件文字（也与平台上其他活动的案例比对），列出内容高度相似的案例对。相似不等于抄袭（如引用通知原文、同一团队的系列案例），请查看重合段落后人工判断。"
      />
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {scan && (
        <Space style={{ marginBottom: 16 }} wrap>
          <span>最近一次检测：</span>
          <Tag color={STATE_TEXT[scan.state]?.color}>{STATE_TEXT[scan.state]?.text ?? scan.state}</Tag>
          {scan.finishedAt && <span>完成于 {fmtTime(scan.finishedAt)}</span>}
          {scan.state === 'done' && (
            <span>
              比对案例 {scan.cases} 件，发现相似案例对 {scan.pairs} 组
            </span>
          )}
          {scan.error && <Typography.Text type="danger">{scan.error}</Typography.Text>}
        </Space>
      )}
      <Table<SimilarPair>
        rowKey={(p) => `${p.a.caseId}-${p.b.caseId}-${p.source}`}
        loading={list.loading}
        dataSource={list.data?.pairs ?? []}
        locale={{ emptyText: <Empty description={scan ? '未发现相似度超过阈值的案例' : '尚未检测，请点击“开始检测”'} /> }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: '案例一', key: 'a', render: (_, p) => <CaseCell c={p.a} callId={callId ?? ''} /> },
          { title: '案例二', key: 'b', render: (_, p) => <CaseCell c={p.b} callId={callId ?? ''} /> },
          { title: '比对内容', dataIndex: 'sourceLabel', width: 110 },
          {
            title: '相似度',
            key: 'score',
            width: 200,
            sorter: (x, y) => x.score - y.score,
            defaultSortOrder: 'descend',
            render: (_, p) => (
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Progress percent={Math.round(p.score * 100)} size="small" status={p.score >= 0.7 ? 'exception' : 'normal'} aria-label={`相似度 ${Math.round(p.score * 100)}%`} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  相似 {Math.round(p.jaccard * 100)}% · 包含 {Math.round(p.containment * 100)}%
                </Typography.Text>
              </Space>
            ),
          },
          { title: '重合段落', dataIndex: 'passages', width: 90 },
          {
            title: '操作',
            key: 'op',
            width: 100,
            render: (_, p) => (
              <Button size="small" onClick={() => setOpen(p)}>
                对照查看
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} size="90%" title={`对照查看（${LABEL}）`} destroyOnHidden>
        {open && <PairView pair={open} callId={callId ?? ''} />}
      </Drawer>
    </Card>
  );
}
