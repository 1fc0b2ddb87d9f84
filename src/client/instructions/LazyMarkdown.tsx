import { lazy } from 'react';

/** The Markdown renderer (and its parser) loads when instructions are first shown, not with the labeling page. Raw HTML is not rendered. */
export const LazyMarkdown = lazy(() => import('react-markdown'));
