// The call builder's form pieces shared by its sections: a path into the draft, the server's problems by path, and
// a form item that shows the problem at its path beside the input.
import { createContext, useContext, type ReactNode } from 'react';
import { Form } from 'antd';
import { formatPath } from '@anli/domain/calls/validate.ts';

export type Path = Array<string | number>;

/** The server's problems with the saved definition, by path. */
export const ErrorsContext = createContext<Map<string, string>>(new Map());

/** The server's problem at this path, if any. */
export function useErrorAt(path: Path): string | undefined {
  return useContext(ErrorsContext).get(formatPath(path));
}

/** A form item whose problem (from the server, by path) is shown beside it. */
export function Item({ path, label, children, extra }: { path: Path; label: ReactNode; children: ReactNode; extra?: ReactNode }) {
  const err = useErrorAt(path);
  return (
    <Form.Item label={label} validateStatus={err ? 'error' : undefined} help={err} extra={extra} style={{ marginBottom: 12 }}>
      {children}
    </Form.Item>
  );
}

export interface NumOptions {
  /** Stored value per unit shown (1_000_000 for Mbps of bit/s). */
  scale?: number;
  unit?: string;
  min?: number;
  step?: number;
  /** Keep fractions (a tolerance of 0.05 fps, a size of 10.5 磅) instead of rounding the stored value. */
  precise?: boolean;
  extra?: ReactNode;
  placeholder?: string;
}

/** The page's input helpers, handed to the sections that live in their own files. */
export interface BuilderForm {
  val(path: Path): unknown;
  update(path: Path, value: unknown): void;
  num(path: Path, label: string, opts?: NumOptions): ReactNode;
  text(path: Path, label: string, extra?: ReactNode): ReactNode;
  tags(path: Path, label: string, options?: Array<{ value: string; label: string }>): ReactNode;
}
