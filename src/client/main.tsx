import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { imagePoint, imageToScreen } from '../core/geometry/point';
import { App } from './App';
import { useEditorStore } from './state/editor-store';
import { useViewStore } from './state/view-store';
import { useMaskStore } from './state/mask-store';
import { shownImage } from './canvas/image-cache';
import './styles.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// A read-only window into the editor for end-to-end tests; only in builds made with VITE_TEST_HOOKS=1.
if (import.meta.env.VITE_TEST_HOOKS === '1') {
  (window as unknown as { __labelbench: object }).__labelbench = {
    exportDocument: () => structuredClone(useEditorStore.getState().editor.doc),
    imageSize: () => useEditorStore.getState().imageSize,
    /** The URL of the image on the canvas. */
    imageUrl: () => useMaskStore.getState().imageUrl,
    view: () => useViewStore.getState().view,
    /** The object hovered on the canvas or in the list, or null. */
    hoveredId: () => useEditorStore.getState().hoveredId,
    /** The image tool in use ('select', 'box', 'polygon', …). */
    tool: () => useEditorStore.getState().editor.tool.tool,
    /** The image on the canvas, and whether the next-task prefetch fetched it before its task was opened. */
    shownImage,
    /** True once the view has been laid out for the canvas frame as it is on screen now. */
    ready: () => {
      const el = document.querySelector('[data-testid="canvas-frame"]');
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const { frame, imageSize } = useViewStore.getState();
      return imageSize.width > 1 && Math.abs(frame.width - r.width) < 1 && Math.abs(frame.height - r.height) < 1;
    },
    /** Page coordinates (CSS px) of an image-pixel point on the canvas as it is fitted now. */
    imageToPage: (x: number, y: number) => {
      const frame = document.querySelector('[data-testid="canvas-frame"]')!.getBoundingClientRect();
      const p = imageToScreen(imagePoint(x, y), useViewStore.getState().view);
      return { x: frame.left + p.x, y: frame.top + p.y };
    },
  };
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
