// Quotes' entry points for other modules: the fields of the quote list (reports filter and group by them).
export { quoteFields } from './quotes.repository.ts';
