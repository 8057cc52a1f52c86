import type { DocumentPort, Lesson } from '../lessons/model.js';
import { mapLessonText } from './lesson-text.js';

/** A document port that was busy, and the free port used in its place. */
export interface PortSubstitution extends DocumentPort {
  replacement: number;
  /** 'ocupado': the document's port was busy; 'pedido': free ports were asked for. */
  reason: 'ocupado' | 'pedido';
}

/** The lesson as it will be shown and run: every busy document port replaced, in every text and check. */
export function applyPortPlan(lesson: Lesson, substitutions: PortSubstitution[]): Lesson {
  if (!substitutions.length) return lesson;
  return mapLessonText(lesson, {
    text: (text) => substitutions.reduce((result, { port, replacement }) => result.replace(new RegExp(`\\b${port}\\b`, 'g'), String(replacement)), text),
    port: (port) => substitutions.find((substitution) => substitution.port === port)?.replacement ?? port,
  });
}
