// The one-time display of a freshly issued activation code (province or city/county administrator), with a copy button.
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { fmtTime } from '../labels.ts';

export interface IssuedCode {
  code: string;
  expiresAt: string;
  /** What the code is for, e.g. 省份：北京市. */
  forLine: string;
}

export function IssuedCodeModal({ issued, onClose }: { issued: IssuedCode | null; onClose: () => void }) {
  const { message } = App.useApp();
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success('已复制');
    } catch {
      message.warning('无法访问剪贴板，请手动选择复制');
    }
  };
  return (
    <Modal open={!!issued} title="激活码已生成" footer={<Button type="primary" onClick={onClose}>我已记下</Button>} onCancel={onClose}>
      {issued && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title="此激活码只显示这一次，关闭后无法再查看。" />
          <div>{issued.forLine}</div>
          <Space.Compact style={{ width: '100%' }}>
            <Typography.Text code style={{ fontSize: 20, padding: '4px 8px', flex: 1 }} data-testid="activation-code">
              {issued.code}
            </Typography.Text>
            <Button icon={<CopyOutlined />} onClick={() => copy(issued.code)}>
              复制
            </Button>
          </Space.Compact>
          <div>有效期至：{fmtTime(issued.expiresAt)}</div>
        </Space>
      )}
    </Modal>
  );
}
