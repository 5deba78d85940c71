// 模式一导入: a province in mode 1 downloads the template, uploads its recommended list, and sees either every row
// error (nothing imported) or the created cases; the listed authors are invited by SMS.
import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/index.ts';
import { errorMessage, useLoad } from '../../hooks.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtTime } from '../../labels.ts';
import { importMode1, reportsApi, xlsx, type ImportedCase, type RowError } from '../../api/reports.ts';

export function Mode1ImportPage() {
  const { callId } = useCalls();
  const { message } = App.useApp();
  const status = useLoad(() => (callId ? api.provinceStatus(callId) : Promise.resolve(undefined)), [callId]);
  const history = useLoad(() => (callId ? reportsApi.mode1Imports(callId) : Promise.resolve([])), [callId]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ message: string; rows: RowError[] } | null>(null);
  const [created, setCreated] = useState<ImportedCase[] | null>(null);
  // The status carries the call's provinceModes flag (not in the shared ProvinceStatus type).
  const st = status.data as (NonNullable<typeof status.data> & { provinceModes?: boolean }) | undefined;
  const usable = !!st?.provinceModes && st.mode === 1 && !st.locked;

  const upload = async (file: File) => {
    if (!callId) return;
    setBusy(true);
    setErrors(null);
    setCreated(null);
    try {
      const r = await importMode1(callId, file);
      if ('created' in r) {
        setCreated(r.created);
        message.success(`已导入 ${r.created.length} 个案例`);
        await Promise.all([status.reload(), history.reload()]);
      } else setErrors({ message: r.message, rows: r.errors });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="模式一导入（省级平台征集后导入推荐名单）" extra={<CallPicker />}>
      <ErrorAlert error={status.error} />
      {st && !st.provinceModes && <Alert type="info" showIcon message="本活动不区分征集方式，无需导入。" />}
      {st?.provinceModes && st.mode !== 1 && (
        <Alert type="warning" showIcon message="本省尚未选择“方式一”" description={<>只有选择方式一的省份可以导入推荐名单，请先在 <Link to="/province/mode">征集方式</Link> 中选择。</>} />
      )}
      {st?.locked && <Alert type="warning" showIcon message="本省推荐名单已上报并锁定，不能再导入；如需调整请联系组委会解锁。" />}
      {st?.provinceModes && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }} size="middle">
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            1. 下载模板，在“推荐案例”工作表中逐行填写本省已推荐的案例（案例名称、案例类型、案例类别、第一作者姓名、工作单位、手机号码）。
            <br />
            2. 上传填好的文件。任何一行有误时整份名单都不会导入，请按下表的行号、列和问题修改后重新上传。
            <br />
            3. 导入成功后，平台以短信通知作者激活账号并填写案例；导入的案例计入本省推荐名额（
            {st.quota.map((q) => `${q.name} ${q.used}/${q.max}`).join('；')}）。
          </Typography.Paragraph>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={callId ? xlsx.mode1Template(callId) : undefined} disabled={!callId}>
              下载导入模板
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              disabled={!usable || busy}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={busy} disabled={!usable}>
                上传推荐名单
              </Button>
            </Upload>
          </Space>
          {errors && (
            <>
              <Alert type="error" showIcon message={errors.message} />
              <Table<RowError>
                size="small"
                rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                dataSource={errors.rows}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 80 },
                  { title: '列', dataIndex: 'column', width: 160, render: (c: string) => c || '—' },
                  { title: '问题', dataIndex: 'message' },
                ]}
              />
            </>
          )}
          {created && (
            <>
              <Alert type="success" showIcon message={`已导入 ${created.length} 个案例，已向作者发送短信通知`} />
              <Table<ImportedCase>
                size="small"
                rowKey="caseId"
                dataSource={created}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 70 },
                  { title: '案例名称', dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.caseId}`}>{t}</Link> },
                  { title: '案例类型', dataIndex: 'caseTypeName', width: 200 },
                  { title: '第一作者', dataIndex: 'authorName', width: 100 },
                  { title: '手机号码', dataIndex: 'authorPhone', width: 130 },
                  { title: '账号', dataIndex: 'invited', width: 140, render: (v: boolean) => (v ? '新账号，已发激活码' : '已有账号，已关联') },
                ]}
              />
            </>
          )}
          <ErrorAlert error={history.error} />
          <Typography.Title level={5}>导入记录</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            loading={history.loading}
            dataSource={history.data ?? []}
            pagination={false}
            locale={{ emptyText: '暂无导入记录' }}
            columns={[
              { title: '时间', dataIndex: 'createdAt', width: 180, render: (v: string) => fmtTime(v) },
              { title: '文件', dataIndex: 'fileName', render: (v: string | null) => v ?? '—' },
              { title: '案例数', dataIndex: 'rows', width: 90 },
              { title: '操作人', dataIndex: 'createdBy', width: 120 },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
