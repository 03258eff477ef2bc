import { Card, CardContent, CardHeader } from '@mui/material';
import { useTranslate } from 'react-admin';

export function Dashboard() {
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader title={translate('chronos.title')} />
      <CardContent />
    </Card>
  );
}
