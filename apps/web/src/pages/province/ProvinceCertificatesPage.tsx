// 本省证书 (provincial administrator): a ZIP of the own province's valid certificates of a call.
import { Alert, Button, Card, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { resultsLinks } from '../../api/index.ts';
import { useCalls } from '../../components/calls.tsx';
import { CallPicker } from '../../components/CallPicker.tsx';

export function ProvinceCertificatesPage() {
  const { callId } = useCalls();
  return (
    <Card title="本省证书" extra={<CallPicker />}>
      <Space direction="vertical">
        <Alert type="info" showIcon title="打包下载本省已公布案例的全部有效荣誉证书（PDF），已撤销的证书不包含在内。" />
        <Button type="primary" icon={<DownloadOutlined />} disabled={!callId} href={callId ? resultsLinks.provinceZip(callId) : undefined}>
          下载本省证书（ZIP）
        </Button>
      </Space>
    </Card>
  );
}
