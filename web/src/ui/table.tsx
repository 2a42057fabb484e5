import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../portal/i18n.ts';

/**
 * The console's one table: a filter over the text of each row, sorting by any column that says how
 * to compare its values, and pages of `pageSize` rows. Rows are the page's own, already fetched;
 * lists the server pages (with a cursor) keep their own pager and use this for the visible page.
 */
export interface Column<R> {
  readonly header: string;
  readonly cell: (row: R) => ReactNode;
  /** The value this column sorts by; a column without one is not sortable. */
  readonly sort?: (row: R) => string | number | bigint;
  /** Right-aligned, for amounts and counts. */
  readonly numeric?: boolean;
}

export interface DataTableProps<R> {
  readonly rows: readonly R[];
  readonly columns: readonly Column<R>[];
  readonly rowKey: (row: R) => string;
  /** The text the filter searches in; without it the table has no filter. */
  readonly filterText?: (row: R) => string;
  readonly pageSize?: number;
  readonly caption?: string;
  /** Shown instead of the table when there are no rows at all. */
  readonly empty: ReactNode;
}

type Order = { readonly column: number; readonly descending: boolean } | null;

function compare(a: string | number | bigint, b: string | number | bigint): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

function arranged<R>(p: DataTableProps<R>, filter: string, order: Order): readonly R[] {
  const needle = filter.trim().toLowerCase();
  const kept =
    needle === '' || p.filterText === undefined
      ? p.rows
      : p.rows.filter((r) => p.filterText?.(r).toLowerCase().includes(needle) === true);
  const by = order === null ? undefined : p.columns[order.column]?.sort;
  if (order === null || by === undefined) return kept;
  const sign = order.descending ? -1 : 1;
  return [...kept].sort((a, b) => sign * compare(by(a), by(b)));
}

export function DataTable<R>(p: DataTableProps<R>) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<Order>(null);
  const [page, setPage] = useState(0);
  const size = p.pageSize ?? 25;
  const rows = useMemo(() => arranged(p, filter, order), [p, filter, order]);
  if (p.rows.length === 0) return <>{p.empty}</>;
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(page, pages - 1);
  const sortBy = (column: number): void => {
    setOrder((o) => ({ column, descending: o?.column === column && !o.descending }));
  };
  return (
    <div className="data-table">
      {p.filterText === undefined ? null : (
        <label className="table-filter">
          {t('table.filter')}{' '}
          <input
            type="search"
            value={filter}
            title={t('table.filterHint')}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(0);
            }}
          />
        </label>
      )}
      <table>
        {p.caption === undefined ? null : <caption>{p.caption}</caption>}
        <thead>
          <tr>
            {p.columns.map((c, i) => (
              <HeaderCell key={c.header} column={c} order={order} index={i} onSort={sortBy} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(at * size, (at + 1) * size).map((r) => (
            <tr key={p.rowKey(r)}>
              {p.columns.map((c) => (
                <td key={c.header} className={c.numeric === true ? 'num' : undefined}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="empty">{t('table.noMatch')}</p> : null}
      <Pager page={at} pages={pages} count={rows.length} onPage={setPage} />
    </div>
  );
}

function HeaderCell<R>(p: {
  column: Column<R>;
  order: Order;
  index: number;
  onSort: (i: number) => void;
}) {
  const { t } = useI18n();
  const c = p.column;
  const numeric = c.numeric === true ? 'num' : undefined;
  if (c.sort === undefined) return <th className={numeric}>{c.header}</th>;
  const descending = p.order?.column === p.index ? p.order.descending : null;
  const aria = descending === null ? 'none' : descending ? 'descending' : 'ascending';
  return (
    <th className={numeric} aria-sort={aria}>
      <button
        type="button"
        className="link-button"
        title={t('table.sortBy', { column: c.header })}
        onClick={() => {
          p.onSort(p.index);
        }}
      >
        {c.header}
        {descending === null ? '' : descending ? ' ↓' : ' ↑'}
      </button>
    </th>
  );
}

/** Previous and next over pages counted from 0; one page needs no pager. */
export function Pager(p: {
  page: number;
  pages: number;
  count?: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  if (p.pages <= 1) return null;
  return (
    <div className="actions pager">
      <button
        type="button"
        className="secondary"
        disabled={p.page === 0}
        onClick={() => {
          p.onPage(p.page - 1);
        }}
      >
        {t('table.previous')}
      </button>
      <span className="muted">
        {t('table.page', { page: String(p.page + 1), pages: String(p.pages) })}
        {p.count === undefined ? '' : ` · ${t('table.rows', { count: String(p.count) })}`}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={p.page + 1 >= p.pages}
        onClick={() => {
          p.onPage(p.page + 1);
        }}
      >
        {t('table.next')}
      </button>
    </div>
  );
}
