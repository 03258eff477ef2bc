// The whitelist as picker choices (see catalog.ts); one cached list query shared by every form.
import { useMemo } from 'react';
import { useGetList } from 'react-admin';
import { buildCatalog, type CatalogEntry } from './catalog.ts';

export function useWhitelistCatalog() {
  const { data, isPending, error } = useGetList<CatalogEntry & { id: string }>('whitelists', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'system', order: 'ASC' },
  });
  const catalog = useMemo(() => buildCatalog(data ?? []), [data]);
  return { catalog, isPending, error };
}
