import type { Check, Lesson, Step } from '../lessons/model.js';

/**
 * One way of rewriting a lesson for this run (its busy ports replaced, its hosts' addresses
 * filled in): `text` for every text a learner reads or a check compares, `port` for the port
 * numbers the checks name. Both plans go through the same walk, so no field is left behind by one.
 */
export interface LessonTextMap {
  text: (text: string) => string;
  port?: (port: number) => number;
}

/**
 * The lesson with `map` applied to its title, introduction, and to every step's title,
 * explanation, code, closing text and checks. Not to its id, files, actors or the document
 * sections it quotes: those name things, they are not shown as the run's values.
 */
export function mapLessonText(lesson: Lesson, map: LessonTextMap): Lesson {
  const steps: Step[] = lesson.steps.map((step) => ({
    ...step,
    title: map.text(step.title),
    explanation: map.text(step.explanation),
    code: map.text(step.code),
    after: map.text(step.after),
    checks: step.checks.map((check) => mapCheck(check, map)),
  }));
  return { ...lesson, title: map.text(lesson.title), intro: map.text(lesson.intro), steps };
}

function mapCheck(check: Check, map: LessonTextMap): Check {
  const text = (value: string): string => map.text(value);
  const optionalText = (value: string | undefined): string | undefined => (value === undefined ? undefined : map.text(value));
  const port = (value: number): number => map.port?.(value) ?? value;
  const optionalPort = (value: number | undefined): number | undefined => (value === undefined ? undefined : port(value));
  const mapped = { ...check, text: optionalText(check.text) };
  switch (mapped.kind) {
    case 'error':
      return { ...mapped, message: optionalText(mapped.message) };
    case 'output':
    case 'value':
      return { ...mapped, contains: text(mapped.contains) };
    case 'socket':
      return { ...mapped, expect: Object.fromEntries(Object.entries(mapped.expect).map(([field, value]) => [field, typeof value === 'string' ? text(value) : value])) };
    case 'probe':
      return { ...mapped, host: text(mapped.host), port: port(mapped.port), payload: text(mapped.payload) };
    case 'tcp-state':
      return { ...mapped, localPort: optionalPort(mapped.localPort), remotePort: optionalPort(mapped.remotePort) };
    case 'no-error':
    case 'blocks':
    case 'packets':
    case 'handshake-before-accept':
    case 'first-fin':
    case 'requires':
      return mapped;
    default:
      return mapped satisfies never;
  }
}
