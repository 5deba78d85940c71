import { Alert } from 'antd';
import { ApiError } from '../api/index.ts';
import { errorMessage } from '../hooks.ts';

/** Shows an API error's Chinese message (and its field errors, when the page cannot place them inline). */
export function ErrorAlert({ error, showFields = false }: { error: unknown; showFields?: boolean }) {
  if (!error) return null;
  const fields = error instanceof ApiError && showFields ? error.fields : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorMessage(error)}
      description={fields.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{fields.map((f) => <li key={f.path}>{f.message}</li>)}</ul> : undefined}
    />
  );
}
