// Privacy (GDPR): the admins' settings page (/privacy) and the contact page's erase and legal-hold controls.
export const privacyPages = {
  settings: () => import('./PrivacyPage.tsx'),
};
export { ContactPrivacy } from './ContactPrivacy.tsx';
