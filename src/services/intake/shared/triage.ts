import { type CaseStatus } from '../../../domain/case-lifecycle.ts';
import { conflict, type AppError } from '../../../domain/errors.ts';

/** A referral after a triage step (allocation, rejection, redirection). */
export interface TriagedReferral {
  id: string;
  reference: string;
  personId: string;
  status: CaseStatus;
  statusReason: string | null;
  linkWorker: { id: string; displayName: string } | null;
  allocatedAt: string | null;
  version: number;
  from: CaseStatus;
}

/** A stale version: someone else changed the referral since the lead loaded it. */
export function staleVersion(currentVersion: number | undefined): AppError<'conflict'> {
  return conflict.staleVersion(currentVersion, 'Someone else changed this referral since you opened it. Reload it to see their change, then try again');
}
