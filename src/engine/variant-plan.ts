import type { Lesson } from '../lessons/model.js';
import { appliesHere, resolveVariants, type VariantContext } from '../lessons/variants.js';
import { resolvePython } from '../system/python.js';
import { RENAMES } from './exception-names.js';

/** The lesson as this learner reads it: only the notes and checks for their platform and Python. */
export function applyVariantPlan(lesson: Lesson, context: VariantContext): Lesson {
  const text = (value: string): string => resolveVariants(value, context);
  return {
    ...lesson,
    intro: [renamesNote(lesson, context), text(lesson.intro)].filter(Boolean).join('\n\n'),
    steps: lesson.steps.map((step) => ({
      ...step,
      explanation: text(step.explanation),
      after: text(step.after),
      checks: step.checks.filter((check) => appliesHere(check.only, context)),
    })),
  };
}

/** The lesson for this machine: its platform, and the Python the kernels run. */
export async function variantsHere(lesson: Lesson): Promise<Lesson> {
  return applyVariantPlan(lesson, { platform: process.platform, python: (await resolvePython()).version });
}

/**
 * A lesson written with today's exception names, read on an older Python: one note at the start
 * names the class the learner will see instead. Lessons that explain it themselves (they name
 * the old class too) need none.
 */
function renamesNote(lesson: Lesson, context: VariantContext): string {
  const texts = [lesson.intro, ...lesson.steps.flatMap((step) => [step.explanation, step.after, ...step.checks.map((check) => check.text ?? '')])].join('\n');
  const [major = 0, minor = 0] = context.python;
  const notes = RENAMES.filter((rename) => {
    const [sinceMajor, sinceMinor] = rename.since.split('.').map(Number) as [number, number];
    return (major < sinceMajor || (major === sinceMajor && minor < sinceMinor)) && new RegExp(`\\b${rename.current}\\b`).test(texts) && !texts.includes(rename.oldQualified);
  });
  return notes.map((rename) => `> **En tu Python (${major}.${minor})**, la excepción que esta lección llama \`${rename.current}\` se imprime como \`${rename.oldQualified}\`: se llama \`${rename.current}\` desde Python ${rename.since}. Las comprobaciones aceptan las dos, y \`except ${rename.oldQualified}:\` la captura en todas las versiones.`).join('\n\n');
}
