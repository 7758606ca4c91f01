// GDPR on a contact's page: the privacy card and the restriction notice.
export { PrivacyPanel } from './PrivacyPanel.tsx';
export { RestrictionBanner } from './RestrictionBanner.tsx';
