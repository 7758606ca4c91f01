// The letterhead settings (/letterhead): sender, imprint, logo, preview PDF and number ranges.
export const letterheadPages = {
  settings: () => import('./LetterheadPage.tsx'),
};
