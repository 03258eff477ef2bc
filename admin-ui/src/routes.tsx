// Pages that are not a resource (settings, health…), each folder exporting its route.
import type { ReactElement } from 'react';

export const customRoutes: ReactElement[] = [];
