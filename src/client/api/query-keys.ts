/** Every TanStack Query key the app uses, in one place. */
export const queryKeys = {
  me: ['me'] as const,
  projects: ['projects'] as const,
  project: (id: string) => ['projects', id] as const,
  projectTasks: (id: string) => ['projects', id, 'tasks'] as const,
  projectQueue: (id: string) => ['projects', id, 'queue'] as const,
  apiKeys: ['api-keys'] as const,
  taskWebhooks: (taskId: string) => ['tasks', taskId, 'webhooks'] as const,
  taskHistory: (taskId: string) => ['tasks', taskId, 'history'] as const,
  instructionFlags: (id: string) => ['projects', id, 'instruction-flags'] as const,
  calibration: (id: string) => ['projects', id, 'calibration'] as const,
  feedbackInbox: (id: string) => ['projects', id, 'feedback'] as const,
  reviewerQuality: (id: string) => ['projects', id, 'reviewer-quality'] as const,
  projectGold: (id: string) => ['projects', id, 'gold'] as const,
  myQuality: (id: string) => ['projects', id, 'quality', 'me'] as const,
  projectQuality: (id: string) => ['projects', id, 'quality'] as const,
  course: (id: string, type: string) => ['projects', id, 'courses', type] as const,
};
