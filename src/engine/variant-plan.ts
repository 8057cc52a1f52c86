import type { Lesson } from '../lessons/model.js';
import { appliesHere, resolveVariants, type VariantContext } from '../lessons/variants.js';

/** The lesson as this learner reads it: only the notes and checks for their platform and Python. */
export function applyVariantPlan(lesson: Lesson, context: VariantContext): Lesson {
  const text = (value: string): string => resolveVariants(value, context);
  return {
    ...lesson,
    intro: text(lesson.intro),
    steps: lesson.steps.map((step) => ({
      ...step,
      explanation: text(step.explanation),
      after: text(step.after),
      checks: step.checks.filter((check) => appliesHere(check.only, context)),
    })),
  };
}
