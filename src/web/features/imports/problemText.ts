// A problem of an import row in the user's language: the server sends a code of the registry
// `importRowProblems` (src/contract/imports.ts) with params (the reason, the value, the column);
// the text is `imports.problem.<code>` or, for a reason, `imports.problem.<code>_<reason>`.
// A write's problem code reads as everywhere else (problems.codes); anything else (an import
// stored by an older server) keeps the server's English message.
import type { TFunction } from 'i18next';
import { isImportRowCode } from '../../../contract/imports.ts';
import { isProblemCode } from '../../../contract/problems.ts';

export interface ShownProblem {
  field: string | null;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * The text of one problem; with `withField` the field's name before it (where no column of
 * its own shows the field). `label` gives a field key's name in the user's language.
 */
export function rowProblemText(
  problem: ShownProblem,
  t: TFunction,
  label: (key: string) => string,
  options: { withField?: boolean } = {},
): string {
  const { reason, value, ...params } = problem.params ?? {};
  let text: string;
  if (isImportRowCode(problem.code)) {
    text = t(`imports.problem.${problem.code}`, {
      ...params,
      context: reason === undefined ? undefined : String(reason),
    });
    if (value !== undefined && value !== '') text = t('imports.problem.withValue', { value, text });
  } else if (isProblemCode(problem.code)) text = t(`problems.codes.${problem.code}`);
  else return problem.message;
  return options.withField && problem.field
    ? t('imports.problem.withField', { field: label(problem.field), text })
    : text;
}
