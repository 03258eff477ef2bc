// The side menu, grouped the way admins think about Chronos: planning, automation,
// delivery, operations, security. Resources register themselves in resources.ts.
import { Divider } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, useTranslate } from 'react-admin';
import { MENU_GROUPS, resources } from '../resources.ts';
import { customPages } from '../routes.tsx';

export function Menu() {
  const translate = useTranslate();
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      {MENU_GROUPS.map((group) => (
        <Fragment key={group}>
          <Divider textAlign="left" sx={{ fontSize: '0.75rem', color: 'text.secondary', my: 0.5 }}>
            {translate(`chronos.menu.${group}`)}
          </Divider>
          {resources
            .filter((r) => r.group === group && r.list)
            .map((r) => (
              <RaMenu.ResourceItem key={r.name} name={r.name} />
            ))}
          {customPages
            .filter((p) => p.group === group)
            .map(({ path, label, icon: Icon }) => (
              <RaMenu.Item key={path} to={`/${path}`} primaryText={translate(label)} leftIcon={<Icon />} />
            ))}
        </Fragment>
      ))}
    </RaMenu>
  );
}
