// The email templates area (/email-templates): the list, and the editor of one template with
// its live preview. Each page loads as its own chunk when first shown.
export const emailTemplatePages = {
  list: () => import('./EmailTemplatesPage.tsx'),
  editor: () => import('./EmailTemplateEditor.tsx'),
};
