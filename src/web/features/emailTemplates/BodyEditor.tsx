// The body of a template in a rich-text editor (Mantine's tiptap editor): paragraphs, bold,
// italic, underline, strike, lists, a heading, quotes and links, as the server keeps them. It
// writes HTML; a placeholder is plain text in it ({{contact.salutation}}).
import '@mantine/tiptap/styles.css';
import { useEffect } from 'react';
import { Input } from '@mantine/core';
import { RichToolbar } from '../../ui/RichToolbar.tsx';
import { RichTextEditor, type RichTextEditorLabels } from '@mantine/tiptap';
import { type Editor, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';

const controls = [
  'bold',
  'italic',
  'underline',
  'strike',
  'clearFormatting',
  'h2',
  'bulletList',
  'orderedList',
  'blockquote',
  'link',
  'unlink',
  'undo',
  'redo',
] as const;

/** The toolbar's and link editor's texts in the user's language. */
function useLabels(): Partial<RichTextEditorLabels> {
  const { t } = useTranslation();
  return {
    ...Object.fromEntries(
      controls.map((control) => [`${control}ControlLabel`, t(`emailTemplates.toolbar.${control}`)]),
    ),
    linkEditorInputLabel: t('emailTemplates.toolbar.linkAddress'),
    linkEditorInputPlaceholder: t('emailTemplates.toolbar.linkPlaceholder'),
    linkEditorSave: t('emailTemplates.toolbar.linkSave'),
    linkEditorExternalLink: t('emailTemplates.toolbar.linkNewTab'),
    linkEditorInternalLink: t('emailTemplates.toolbar.linkSameTab'),
  };
}

/** The editor of a body; `label` names its text box for screen readers. */
export function useBodyEditor(initial: string, editable: boolean, label: string, onChange: (html: string) => void) {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ heading: { levels: [2] }, code: false, codeBlock: false, link: { openOnClick: false } }),
    ],
    content: initial,
    editable,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label } },
    onUpdate: ({ editor: changed }) => onChange(changed.isEmpty ? '' : changed.getHTML()),
  });
  // Without an update event: switching only the editing on or off changes no text.
  useEffect(() => editor?.setEditable(editable, false), [editor, editable]);
  return editor;
}

export function BodyEditor({
  editor,
  label,
  error,
  onFocus,
}: {
  editor: Editor | null;
  label: string;
  error?: string;
  onFocus?(): void;
}) {
  const labels = useLabels();
  const editable = editor?.isEditable ?? false;
  return (
    <Input.Wrapper label={label} error={error}>
      <RichTextEditor editor={editor} labels={labels} onFocusCapture={onFocus} data-testid="template-body">
        {editable && <RichToolbar headings />}
        <RichTextEditor.Content mih={220} />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
