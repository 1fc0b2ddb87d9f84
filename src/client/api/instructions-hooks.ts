import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalibrationReport, FlagDigest, InstructionFlagBody } from '../../shared/instructions.schema';
import { api } from './http';
import { queryKeys } from './query-keys';

export const flagInstructions = (taskId: string, body: Partial<InstructionFlagBody> & { note: string }) =>
  api<{ id: string }>('POST', `/api/tasks/${taskId}/instruction-flags`, body);

export function useFlagDigest(projectId: string) {
  return useQuery({ queryKey: queryKeys.instructionFlags(projectId), queryFn: () => api<FlagDigest>('GET', `/api/projects/${projectId}/instruction-flags`) });
}

export function useCalibration(projectId: string) {
  return useQuery({ queryKey: queryKeys.calibration(projectId), queryFn: () => api<CalibrationReport>('GET', `/api/projects/${projectId}/calibration`) });
}

export function useAnswerFlag(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { flagId: string; answer: string }) => api('POST', `/api/projects/${projectId}/instruction-flags/${a.flagId}/answer`, { answer: a.answer }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.instructionFlags(projectId) }),
  });
}

export function usePublishInstructions(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { text: string; note: string }) => api<{ version: number }>('POST', `/api/projects/${projectId}/instructions`, b),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.project(projectId) });
      void qc.invalidateQueries({ queryKey: queryKeys.instructionFlags(projectId) });
    },
  });
}
