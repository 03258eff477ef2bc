// Your active sessions (GET /api/auth/sessions): where and when each signed in, ending one,
// or signing out everywhere (this browser included).
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useLogout, useNotify, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';

type SessionRow = {
  id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string | null;
  current: boolean;
};

export function SessionsCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const logout = useLogout();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const { data, isPending } = useQuery({
    queryKey: ['own-sessions'],
    queryFn: () => dataProvider.call<SessionRow[]>('GET', '/api/auth/sessions'),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => dataProvider.call('DELETE', `/api/auth/sessions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['own-sessions'] }),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  const logoutAll = useMutation({
    mutationFn: () => dataProvider.call('POST', '/api/auth/logout-all', {}),
    onSuccess: () => logout(),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  return (
    <Card>
      <CardHeader
        title={translate('chronos.account.sessions')}
        action={
          <Button color="warning" onClick={() => logoutAll.mutate()} disabled={logoutAll.isPending}>
            {translate('chronos.account.logout_all')}
          </Button>
        }
      />
      <CardContent>
        {isPending ? <LinearProgress /> : null}
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('chronos.account.signed_in')}</TableCell>
              <TableCell>{translate('chronos.account.last_seen')}</TableCell>
              <TableCell>IP</TableCell>
              <TableCell>{translate('chronos.account.browser')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(data ?? []).map((session) => (
              <TableRow key={session.id} data-testid="own-session">
                <TableCell>{new Date(session.created_at).toLocaleString()}</TableCell>
                <TableCell>{session.last_seen_at ? new Date(session.last_seen_at).toLocaleString() : '—'}</TableCell>
                <TableCell>{session.ip ?? '—'}</TableCell>
                <TableCell sx={{ maxWidth: 320, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {session.user_agent ?? '—'}
                </TableCell>
                <TableCell align="right">
                  {session.current ? (
                    <Chip size="small" color="primary" label={translate('chronos.account.this_session')} />
                  ) : (
                    <Button size="small" onClick={() => revoke.mutate(session.id)} disabled={revoke.isPending}>
                      {translate('chronos.account.end_session')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
