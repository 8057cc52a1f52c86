import { theme, symbols } from '../../ui/theme.js';
import type { ItemStatus } from '../../progress/store.js';
import { itemDetail, type Course, type CourseItem } from './course.js';

/** The mark for a status; each reads as text without colour too. */
export function statusMark(status: ItemStatus): string {
  if (status === 'hecha') return theme.green(symbols.pass);
  if (status === 'en curso') return theme.yellow('…');
  return ' ';
}

export function itemLabel(item: CourseItem): string {
  const number = String(item.number).padStart(2);
  return item.kind === 'lesson' ? `${number}. ${item.title}` : `${number}. Ejercicio: ${item.title}`;
}

/** The course in order, one line per item, the next one pointed at. */
export function courseLines(course: Course): string[] {
  return course.items.map((item) => {
    const pointer = item === course.next ? theme.cyan(symbols.arrow) : ' ';
    const id = item.kind === 'lesson' ? item.id : `ejercicio ${item.id}`;
    const detail = item.status === 'pendiente' ? id : `${id}; ${itemDetail(item)}`;
    return `${pointer}${statusMark(item.status)} ${itemLabel(item)} ${theme.gray(`(${detail})`)}`;
  });
}
