// A list paged, sorted and filtered on the server: the page state, the request, and the props of an Ant Design Table
// (pagination with the total as “共 N 条”, sorting by the server's keys). Changing a filter goes back to page 1.
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import type { Page } from '@anli/contracts/common.ts';
import { useLoad } from './hooks.ts';

export interface PageRequest {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

/** “共 20,000 条”: the total with thousands separators. */
export const totalText = (n: number) => `共 ${n.toLocaleString('zh-CN')} 条`;

export function usePagedList<T, F extends object>(
  load: (q: F & PageRequest) => Promise<Page<T>>,
  filters: F,
  opts: { pageSize?: number; enabled?: boolean; sort?: string; order?: 'asc' | 'desc' } = {},
) {
  const enabled = opts.enabled ?? true;
  const key = JSON.stringify(filters);
  const [st, setSt] = useState<PageRequest & { key: string }>({ key, page: 1, pageSize: opts.pageSize ?? 20, sort: opts.sort, order: opts.order });
  // A filter that changed since the page was chosen starts again from page 1.
  const page = st.key === key ? st.page : 1;
  const req: PageRequest = { page, pageSize: st.pageSize, sort: st.sort, order: st.order };
  const list = useLoad(
    () => (enabled ? load({ ...filters, ...req }) : Promise.resolve(undefined)),
    [key, page, st.pageSize, st.sort, st.order, enabled],
  );
  const total = list.data?.total ?? 0;

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize: st.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal: totalText,
    // The count stays visible with one page too (the list says how many rows match).
    hideOnSinglePage: false,
  };

  const onChange = (p: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sortKey = s?.order ? String(s.columnKey ?? s.field ?? '') || undefined : undefined;
    const order = s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined;
    const sortChanged = sortKey !== st.sort || order !== st.order;
    setSt({ key, page: sortChanged ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? st.pageSize, sort: sortKey ?? opts.sort, order: order ?? (sortKey ? undefined : opts.order) });
  };

  /** A column sorted on the server under `sortKey` (the column shows the current order). */
  const sortable = (sortKey: string) => ({
    key: sortKey,
    sorter: true,
    sortOrder: st.sort === sortKey ? (st.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });

  /** For lists other than a Table (Ant Design List): the page and size chosen. */
  const listPagination = {
    current: page,
    pageSize: st.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal: totalText,
    onChange: (p: number, size: number) => setSt({ ...st, key, page: size !== st.pageSize ? 1 : p, pageSize: size }),
  };

  return {
    ...list,
    listPagination,
    request: req,
    total,
    items: list.data?.items ?? [],
    sortable,
    tableProps: { dataSource: list.data?.items ?? [], loading: list.loading, pagination, onChange },
  };
}
