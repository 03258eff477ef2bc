// Where a click on a list row leads: the edit page for those who may edit, otherwise the
// read-only show page when the resource has one (react-admin would send viewers to "access
// denied"), else nowhere.
import { useCanAccess, useResourceDefinition } from 'react-admin';

export function useRowClick(resource: string): 'edit' | 'show' | false {
  const { canAccess } = useCanAccess({ action: 'edit', resource });
  const { hasShow } = useResourceDefinition({ resource });
  if (canAccess) return 'edit';
  return hasShow ? 'show' : false;
}
