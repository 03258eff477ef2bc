// One figure of the dashboard: the total of a list with a filter (perPage 1, so the API
// answers range [0,0] and the count comes from Content-Range), linking to that list.
import { CircularProgress, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useGetList, useTranslate, type SortPayload } from 'react-admin';
import { Link } from 'react-router-dom';
import { listLink } from './list-link.ts';

export type CountRowProps = {
  /** Stable id for the row (also its data-testid `count-<id>`). */
  id: string;
  label: string;
  resource: string;
  filter?: Record<string, unknown>;
  /** A field the list may be sorted by (the API refuses unknown sort fields). */
  sort: SortPayload;
  /** Show the figure in the warning colour when it is above zero (dead rows, failures). */
  warnAboveZero?: boolean;
};

export function CountRow({ id, label, resource, filter = {}, sort, warnAboveZero }: CountRowProps) {
  const translate = useTranslate();
  const { total, isPending, error } = useGetList(resource, { pagination: { page: 1, perPage: 1 }, sort, filter });
  const warn = warnAboveZero && (total ?? 0) > 0;
  return (
    <ListItemButton component={Link} to={listLink(resource, filter)} data-testid={`count-${id}`} dense>
      <ListItemText primary={translate(label)} />
      {isPending ? (
        <CircularProgress size={16} aria-label={translate('chronos.dashboard.loading')} />
      ) : (
        <Typography
          variant="h6"
          component="span"
          data-testid={`count-${id}-value`}
          color={error ? 'text.disabled' : warn ? 'error' : 'text.primary'}
          title={error ? translate('chronos.dashboard.count_failed') : undefined}
        >
          {error ? '—' : (total ?? 0)}
        </Typography>
      )}
    </ListItemButton>
  );
}
