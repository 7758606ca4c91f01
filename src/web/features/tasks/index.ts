// The tasks area: the list (/tasks) and the form, each loaded as its own chunk when first shown,
// and the task actions (done with undo, postpone) that other screens listing tasks reuse. The
// app shell imports only the loaders, so the bundler keeps the actions out of its first chunk.
export const taskPages = {
  list: () => import('./TasksPage.tsx'),
  form: () => import('./TaskForm.tsx'),
};
export { CompleteTaskButton, PostponeTaskMenu } from './TaskActions.tsx';
