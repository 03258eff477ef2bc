// A short table of the newest rows of a health list (open events, healing actions) on the
// health page, each row opening its show page, with a link to the whole list.
import {
  Card,
  CardHeader,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { Link, useCreatePath, useGetList, useTranslate, type RaRecord, type SortPayload } from 'react-admin';

export type Column<T> = { label: string; render: (row: T) => ReactNode };

export function RecentTable<T extends RaRecord>({
  resource,
  title,
  filter,
  sort,
  columns,
  empty,
  action,
}: {
  resource: string;
  title: string;
  filter?: Record<string, unknown>;
  sort: SortPayload;
  columns: Column<T>[];
  empty: string;
  action?: ReactNode;
}) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data, isPending, error } = useGetList<T>(resource, { pagination: { page: 1, perPage: 10 }, sort, filter });
  return (
    <Card variant="outlined" data-testid={`recent-${resource}`}>
      <CardHeader
        title={<Link to={`/${resource}`}>{translate(title)}</Link>}
        titleTypographyProps={{ variant: 'subtitle1' }}
        action={action}
      />
      {isPending ? <LinearProgress /> : null}
      {error ? (
        <Typography color="error" sx={{ p: 2 }}>
          {(error as Error).message}
        </Typography>
      ) : null}
      {data?.length === 0 ? (
        <Typography color="text.secondary" sx={{ p: 2 }}>
          {translate(empty)}
        </Typography>
      ) : null}
      {data?.length ? (
        <Table size="small">
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c.label}>{translate(c.label)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((row) => (
              <TableRow key={row.id} hover>
                {columns.map((c, i) => (
                  <TableCell key={c.label}>
                    {i === 0 ? (
                      <Link to={createPath({ resource, id: row.id, type: 'show' })}>{c.render(row)}</Link>
                    ) : (
                      c.render(row)
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Card>
  );
}
