// The workspace's users (/users): list for everyone, management for admins.
export const userPages = {
  list: () => import('./UsersPage.tsx'),
};
