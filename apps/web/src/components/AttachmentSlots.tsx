import { Alert, Table, Tag } from 'antd';
import type { AttachmentSlot } from '@anli/domain/calls/schema.ts';

const ROLE_TEXT: Record<AttachmentSlot['role'], string> = {
  infoform_pdf: '信息表 PDF',
  infoform_word: '信息表 Word',
  courseware: '课件',
  video: '视频',
  report: '总结报告',
};

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

/** The case type's attachment slots, read-only until uploads open. */
export function AttachmentSlots({ slots, showNotice = true }: { slots: AttachmentSlot[]; showNotice?: boolean }) {
  return (
    <>
      {showNotice && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="文件上传功能即将开放" description="届时可在此上传各项材料，上传后平台将自动检查。现在可先用「文件自检」在本机检查文件是否符合要求。" />}
      <Table
        size="small"
        rowKey="slot"
        pagination={false}
        dataSource={slots}
        columns={[
          { title: '材料', dataIndex: 'label' },
          { title: '检查类型', dataIndex: 'role', render: (r: AttachmentSlot['role']) => ROLE_TEXT[r] },
          { title: '格式', dataIndex: 'accept', render: (a: string[]) => a.join(' / ') },
          { title: '大小上限', dataIndex: 'maxBytes', render: formatBytes },
          { title: '必传', dataIndex: 'required', render: (r: boolean) => (r ? <Tag color="error">必传</Tag> : <Tag>选传</Tag>) },
        ]}
      />
    </>
  );
}
