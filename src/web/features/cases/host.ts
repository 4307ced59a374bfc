import type { CaseView } from '../../../domain/schemas/cases.ts';
import type { FieldError } from '../../ui/kit.tsx';
import { apiProblems, errorsByPath } from '../../ui/forms.ts';
import { isConflict } from './parts.tsx';

/**
 * What the case page gives each of its forms: the page keeps one NHS error summary at the top (for
 * whichever form last failed), one success banner, and re-reads the case after a save.
 */
export interface FormHost {
  caseId: string;
  /** The errors the page is showing (each form shows its own inline, by field id). */
  errors: readonly FieldError[];
  /** Show these problems in the summary at the top. */
  fail: (errors: FieldError[]) => void;
  /**
   * A versioned save was refused as stale: explain it, keep the form as typed, and when the user
   * reloads call `onReloaded` with the fresh case so the form can carry on from the new version.
   */
  conflict: (firstFieldId: string, what: string, onReloaded?: (fresh: CaseView) => void) => void;
  /** Which versioned form ("the plan") is showing a conflict now, if any. */
  conflictWhat: string | null;
  /** Reload the case after a conflict, keeping what the user typed (the form carries on from the new version). */
  reloadAfterConflict: () => Promise<void>;
  reloading: boolean;
  /** The save worked: clear the problems, re-read the case, then say so. */
  done: (message: string) => Promise<void>;
}

/**
 * The common failure path of a save: a stale version becomes the conflict explanation (when the
 * form is versioned), anything else field errors or a plain message on the first field.
 */
export function reportFailure(
  host: FormHost,
  err: unknown,
  fieldIds: Record<string, string>,
  versioned?: { what: string; onReloaded?: (fresh: CaseView) => void },
): void {
  const first = Object.values(fieldIds)[0] ?? 'maincontent';
  if (versioned !== undefined && isConflict(err)) {
    host.conflict(first, versioned.what, versioned.onReloaded);
    return;
  }
  host.fail(errorsByPath(apiProblems(err), fieldIds, first));
}
