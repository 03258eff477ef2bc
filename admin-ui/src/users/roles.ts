export const ROLE_CHOICES = [
  { id: 'admin', name: 'resources.users.roles.admin' },
  { id: 'viewer', name: 'resources.users.roles.viewer' },
];
