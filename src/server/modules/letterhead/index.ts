// The letterhead's entry point for other modules: what a printed document carries as its sender.
export { letterheadFor } from './letterhead.service.ts';
