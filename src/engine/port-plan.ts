import type { Check, DocumentPort, Lesson, Step } from '../lessons/model.js';

/** A document port that was busy, and the free port used in its place. */
export interface PortSubstitution extends DocumentPort {
  replacement: number;
  /** 'ocupado': the document's port was busy; 'pedido': free ports were asked for. */
  reason: 'ocupado' | 'pedido';
}

function replacePortsInText(text: string, substitutions: PortSubstitution[]): string {
  let result = text;
  for (const { port, replacement } of substitutions) result = result.replace(new RegExp(`\\b${port}\\b`, 'g'), String(replacement));
  return result;
}

function replacePortNumber(port: number | undefined, substitutions: PortSubstitution[]): number | undefined {
  return substitutions.find((substitution) => substitution.port === port)?.replacement ?? port;
}

function substituteCheck(check: Check, substitutions: PortSubstitution[]): Check {
  const text = check.text === undefined ? undefined : replacePortsInText(check.text, substitutions);
  switch (check.kind) {
    case 'socket': {
      const expect = { ...check.expect };
      for (const field of ['local', 'remoto'] as const) {
        const value = expect[field];
        if (typeof value === 'string') expect[field] = replacePortsInText(value, substitutions);
      }
      return { ...check, expect, text };
    }
    case 'probe':
      return { ...check, port: replacePortNumber(check.port, substitutions)!, text };
    case 'tcp-state':
      return {
        ...check,
        localPort: replacePortNumber(check.localPort, substitutions),
        remotePort: replacePortNumber(check.remotePort, substitutions),
        text,
      };
    case 'output':
    case 'value':
      return { ...check, contains: replacePortsInText(check.contains, substitutions), text };
    default:
      return { ...check, text };
  }
}

/** The lesson as it will be shown and run: every busy document port replaced, in code and checks. */
export function applyPortPlan(lesson: Lesson, substitutions: PortSubstitution[]): Lesson {
  if (!substitutions.length) return lesson;
  const steps: Step[] = lesson.steps.map((step) => ({
    ...step,
    title: replacePortsInText(step.title, substitutions),
    code: replacePortsInText(step.code, substitutions),
    explanation: replacePortsInText(step.explanation, substitutions),
    after: replacePortsInText(step.after, substitutions),
    checks: step.checks.map((check) => substituteCheck(check, substitutions)),
  }));
  return { ...lesson, title: replacePortsInText(lesson.title, substitutions), intro: replacePortsInText(lesson.intro, substitutions), steps };
}
