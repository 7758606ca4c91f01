// Document numbering's entry points for other modules: the next number of a quote or order
// in the issuing transaction, and the workspace's numbering patterns.
export {
  type DocumentNumber,
  type NumberingPatterns,
  nextNumber,
  numberingPatterns,
  setNumberingPatterns,
  workspaceTimeZone,
} from './numbering.service.ts';
export { type DocumentKind, defaultPatterns, documentKinds, maxPatternLength } from './numbering.pattern.ts';
