import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { Navigate, useLocation } from 'react-router-dom';
import { readSession } from '../providers/session.ts';
import { AppBar } from './AppBar.tsx';
import { Menu } from './Menu.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const location = useLocation();
  // A password set by an administrator (or generated at setup) is replaced before anything else.
  const mustChange = readSession()?.user.must_change_password ?? false;
  const page = mustChange && location.pathname !== '/account' ? <Navigate to="/account" replace /> : children;
  return (
    <RaLayout menu={Menu} appBar={AppBar}>
      {page}
    </RaLayout>
  );
}
