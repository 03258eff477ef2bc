// The side menu, grouped the way admins think about Chronos: planning, automation,
// delivery, operations, security. Resources register themselves in resources.ts.
import { Divider } from '@mui/material';
import { Fragment } from 'react';
import { Menu as RaMenu, useTranslate } from 'react-admin';
import { MENU_GROUPS, resources } from '../resources.ts';

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
        </Fragment>
      ))}
    </RaMenu>
  );
}
