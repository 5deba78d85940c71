import { Card, Empty } from 'antd';

/** Expert review is a later step; until assignments exist this page says so honestly. */
export function ReviewTasksPage() {
  return (
    <Card title="评审任务">
      <Empty description="评审分配尚未开始。组委会分配评审任务后，您将在这里看到分配给您的案例并按评分标准打分。" />
    </Card>
  );
}
