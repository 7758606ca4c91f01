// The start page ("Heute" / "Today"), loaded as its own chunk when first shown.
export const todayPages = {
  start: () => import('./TodayPage.tsx'),
};
