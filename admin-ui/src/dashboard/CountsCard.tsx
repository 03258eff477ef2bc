import { Card, CardHeader, List } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { CountRow, type CountRowProps } from './CountRow.tsx';

export function CountsCard({ title, icon, rows }: { title: string; icon: ReactNode; rows: CountRowProps[] }) {
  const translate = useTranslate();
  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader
        avatar={icon}
        title={translate(title)}
        titleTypographyProps={{ variant: 'subtitle1' }}
        sx={{ pb: 0 }}
      />
      <List dense>
        {rows.map((row) => (
          <CountRow key={row.id} {...row} />
        ))}
      </List>
    </Card>
  );
}
