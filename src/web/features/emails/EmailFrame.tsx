// A message's HTML in a sandboxed frame: no scripts, no origin of its own, a policy that loads
// no remote content unless the user asked for images (emailFrame.ts builds the document).
import { useTranslation } from 'react-i18next';
import { frameDocument, frameSandbox } from './emailFrame.ts';

export function EmailFrame({ html, remoteImages, height }: { html: string; remoteImages: boolean; height: number }) {
  const { t } = useTranslation();
  return (
    <iframe
      title={t('emails.view.frameTitle')}
      sandbox={frameSandbox}
      srcDoc={frameDocument(html, { remoteImages })}
      referrerPolicy="no-referrer"
      data-testid="email-frame"
      style={{ width: '100%', height, border: 0, display: 'block', resize: 'vertical', overflow: 'auto' }}
    />
  );
}
