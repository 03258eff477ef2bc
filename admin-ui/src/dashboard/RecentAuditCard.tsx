// The last ten audit records, newest first, each opening its show page.
import HistoryIcon from '@mui/icons-material/History';
import {
  Card,
  CardHeader,
  LinearProgress,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@mui/material';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { useCreatePath, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

type AuditRecord = {
  id: string;
  seq: number;
  occurred_at: string;
  actor_label: string | null;
  actor_type: string;
  entity: string;
  entity_id: string | null;
  action: string;
  success: boolean;
};

export function RecentAuditCard() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const [locale] = useLocaleState();
  const { data, isPending, error } = useGetList<AuditRecord>('audit', {
    pagination: { page: 1, perPage: 10 },
    sort: { field: 'seq', order: 'DESC' },
  });
  return (
    <Card data-testid="audit-card">
      <CardHeader
        avatar={<HistoryIcon />}
        title={
          <Link to="/audit" style={{ color: 'inherit' }}>
            {translate('chronos.dashboard.audit.title')}
          </Link>
        }
        titleTypographyProps={{ variant: 'subtitle1' }}
        sx={{ pb: 0 }}
      />
      {isPending ? <LinearProgress /> : null}
      {error ? (
        <Typography color="text.disabled" sx={{ p: 2 }}>
          {translate('chronos.dashboard.count_failed')}
        </Typography>
      ) : null}
      {data?.length === 0 ? (
        <Typography color="text.secondary" sx={{ p: 2 }}>
          {translate('chronos.dashboard.audit.empty')}
        </Typography>
      ) : null}
      <List dense>
        {data?.map((record) => (
          <ListItemButton
            key={record.id}
            component={Link}
            to={createPath({ resource: 'audit', id: record.id, type: 'show' })}
          >
            <ListItemIcon sx={{ minWidth: 32 }}>
              {record.success ? (
                <CheckCircleOutlineIcon fontSize="small" color="success" />
              ) : (
                <ErrorOutlineIcon fontSize="small" color="error" />
              )}
            </ListItemIcon>
            <ListItemText
              primary={`${record.entity} · ${record.action}`}
              secondary={`${new Date(record.occurred_at).toLocaleString(locale)} · ${record.actor_label ?? record.actor_type}`}
            />
          </ListItemButton>
        ))}
      </List>
    </Card>
  );
}
