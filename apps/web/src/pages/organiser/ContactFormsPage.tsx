// 联系人信息表汇总: every province's contact form of a call, with an Excel export (phones in full: the organiser
// uses them to reach the provinces).
import { Button, Card, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';
import { reportsApi, xlsx, type ContactForms } from '../../api/reports.ts';

export function ContactFormsPage() {
  const { callId } = useCalls();
  const d = useLoad(() => (callId ? reportsApi.contactForms(callId) : Promise.resolve(undefined)), [callId]);
  type R = ContactForms['rows'][number];
  return (
    <Card
      title="联系人信息表汇总"
      extra={
        <>
          <Button icon={<DownloadOutlined />} href={callId ? xlsx.contactForms(callId) : undefined} disabled={!callId} style={{ marginRight: 8 }}>
            导出 Excel
          </Button>
          <CallPicker />
        </>
      }
    >
      <ErrorAlert error={d.error} />
      <Table<R>
        rowKey="provinceCode"
        size="small"
        loading={d.loading}
        dataSource={d.data?.rows ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        columns={[
          { title: '省份', dataIndex: 'provinceName', width: 150, fixed: 'left' },
          { title: '提交时间', dataIndex: 'submittedAt', width: 160, render: (v: string | null) => (v ? fmtTime(v) : <Tag>未提交</Tag>) },
          ...(d.data?.fields ?? []).map((f) => ({ title: f.label, key: f.key, width: 140, render: (_: unknown, r: R) => r.data[f.key] || '' })),
        ]}
      />
    </Card>
  );
}
