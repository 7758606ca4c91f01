// The workspace's teams (/teams): list for everyone, management for admins.
export const teamPages = {
  list: () => import('./TeamsPage.tsx'),
};
