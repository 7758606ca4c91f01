// The body of a new message: Mantine's rich-text editor on tiptap (bold, italic, underline,
// lists, quote, links), its controls labelled in the user's language.
import '@mantine/tiptap/styles.css';
import { Link, RichTextEditor } from '@mantine/tiptap';
import { RichToolbar } from '../../ui/RichToolbar.tsx';
import { useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';

/** The editor of a message's body; `label` names its text area for screen readers. */
export function useBodyEditor(content: string, label: string): Editor | null {
  return useEditor({
    // Mantine's Link (tiptap's, with a keyboard shortcut) instead of the starter kit's.
    extensions: [StarterKit.configure({ link: false }), Link.configure({ openOnClick: false })],
    content,
    shouldRerenderOnTransaction: true,
    immediatelyRender: true,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label } },
  });
}

const controls = [
  'bold',
  'italic',
  'underline',
  'strike',
  'clearFormatting',
  'bulletList',
  'orderedList',
  'blockquote',
  'link',
  'unlink',
  'undo',
  'redo',
] as const;

export function RichBody({ editor }: { editor: Editor | null }) {
  const { t } = useTranslation();
  const labels = {
    ...Object.fromEntries(controls.map((name) => [`${name}ControlLabel`, t(`emails.editor.${name}`)])),
    linkEditorInputLabel: t('emails.editor.linkInput'),
    linkEditorInputPlaceholder: t('emails.editor.linkPlaceholder'),
    linkEditorExternalLink: t('emails.editor.linkExternal'),
    linkEditorInternalLink: t('emails.editor.linkInternal'),
    linkEditorSave: t('emails.editor.linkSave'),
  };
  return (
    <RichTextEditor editor={editor} labels={labels} data-testid="compose-body">
      <RichToolbar />
      <RichTextEditor.Content mih={200} />
    </RichTextEditor>
  );
}
