// Next best actions' entry points for other modules: an analytics run makes the suggestions.
export { makeNextActions } from './nextActions.generate.ts';
