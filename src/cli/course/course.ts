import { loadLessons } from '../../lessons/load-lessons.js';
import type { Lesson } from '../../lessons/model.js';
import { exerciseStatus, lessonStatus, type ItemStatus, type Progress } from '../../progress/store.js';
import { listExercises, type ExerciseEntry } from './exercise-list.js';
import type { ContentFolders } from '../../lessons/content-folders.js';

type ItemKind = 'lesson' | 'exercise';

/** One entry of the course (a lesson or an exercise) with the learner's state in it. */
export interface CourseItem {
  kind: ItemKind;
  id: string;
  title: string;
  /** 1-based position among the items of its kind (what `leccion 3` means). */
  number: number;
  status: ItemStatus;
  /** The command that opens it. */
  command: string;
  /** Lessons: how many steps, and the last one reached. */
  steps?: number;
  lastStep?: number;
  /** Lessons the document lacks. */
  extra?: boolean;
  /** Exercises: attempts and when it was passed. */
  attempts?: number;
  passedAt?: string;
  updatedAt?: string;
}

export interface Course {
  items: CourseItem[];
  /** The first item, in course order, that is not done. */
  next?: CourseItem;
}

export async function loadCourse(progress: Progress, folders: ContentFolders): Promise<Course> {
  const [lessons, exercises] = await Promise.all([loadLessons(folders.lessons), listExercises(folders)]);
  return buildCourse(lessons, exercises, progress);
}

export function buildCourse(lessons: Lesson[], exercises: ExerciseEntry[], progress: Progress): Course {
  const lessonItems = lessons.map((lesson, index) => lessonItem(lesson, index + 1, progress));
  const exerciseItems = exercises.map((exercise, index) => exerciseItem(exercise, index + 1, progress));
  // Exercises that name their lesson go right after it; the rest, after all the lessons.
  const items: CourseItem[] = [];
  const placed = new Set<CourseItem>();
  for (const item of lessonItems) {
    items.push(item);
    exercises.forEach((exercise, index) => {
      if (exercise.afterLesson === item.id) {
        items.push(exerciseItems[index]!);
        placed.add(exerciseItems[index]!);
      }
    });
  }
  items.push(...exerciseItems.filter((item) => !placed.has(item)));
  return { items, next: items.find((item) => item.status !== 'hecha') };
}

function lessonItem(lesson: Lesson, number: number, progress: Progress): CourseItem {
  const entry = progress.lessons[lesson.id];
  return {
    kind: 'lesson',
    id: lesson.id,
    title: lesson.title,
    number,
    status: lessonStatus(progress, lesson.id),
    command: `taller-sockets leccion ${lesson.id}`,
    steps: lesson.steps.length,
    extra: lesson.extra,
    ...(entry ? { lastStep: entry.lastStep, updatedAt: entry.updatedAt } : {}),
  };
}

function exerciseItem(exercise: ExerciseEntry, number: number, progress: Progress): CourseItem {
  const entry = progress.exercises[exercise.id];
  return {
    kind: 'exercise',
    id: exercise.id,
    title: exercise.title,
    number,
    status: exerciseStatus(progress, exercise.id),
    command: `taller-sockets ejercicio ${exercise.id}`,
    ...(entry ? { attempts: entry.attempts, passedAt: entry.passedAt, updatedAt: entry.updatedAt } : {}),
  };
}

/** A short Spanish description of where the learner is in an item. */
export function itemDetail(item: CourseItem): string {
  if (item.kind === 'lesson') {
    if (item.status === 'hecha') return 'hecha';
    if (item.status === 'en curso' && item.lastStep && item.steps) return `en curso: ${Math.min(item.lastStep, item.steps)} de ${item.steps} pasos hechos`;
    return item.status;
  }
  const attempts = item.attempts ?? 0;
  const times = attempts === 1 ? '1 intento' : `${attempts} intentos`;
  if (item.status === 'hecha') return `superado${item.passedAt ? ` el ${item.passedAt.slice(0, 10)}` : ''}${attempts ? ` (${times})` : ''}`;
  if (item.status === 'en curso') return `en curso: ${times}`;
  return 'pendiente';
}
