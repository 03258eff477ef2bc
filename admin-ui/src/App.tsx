import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { AccountPage } from './account/AccountPage.tsx';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { Layout } from './layout/Layout.tsx';
import { authProvider } from './providers/authProvider.ts';
import { dataProvider } from './providers/dataProvider.ts';
import { i18nProvider } from './providers/i18nProvider.ts';
import { customRoutes } from './routes.tsx';
import { resources } from './resources.ts';
import { theme } from './layout/theme.ts';

export function App() {
  return (
    <Admin
      title="Chronos"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={Layout}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      {resources.map((r) => (
        <Resource
          key={r.name}
          name={r.name}
          icon={r.icon}
          list={r.list}
          create={r.create}
          edit={r.edit}
          show={r.show}
          recordRepresentation={r.recordRepresentation}
        />
      ))}
      <CustomRoutes>
        <Route path="/account" element={<AccountPage />} />
        {customRoutes}
      </CustomRoutes>
    </Admin>
  );
}
