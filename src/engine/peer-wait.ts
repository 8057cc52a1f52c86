import type { Lesson, Step } from '../lessons/model.js';

/** What the OS says a process waits in when that wait can end by another program's action on a socket. */
const SOCKET_WAIT = /accept|recv|connect|send|select/;

/**
 * Whether a step that has not finished is waiting for another actor (so the learner should go on
 * and run that actor's step), or is just slow or stuck on its own (then the learner stays on it and
 * may interrupt it). Another actor must have a step later in the lesson; then the OS decides where
 * it says what the process waits in (a sleep is not a wait for anyone), and the lesson's own «bloquea»
 * check where it cannot tell.
 */
export function waitsForAnotherActor(lesson: Lesson, step: Step, waitingIn: string | undefined): boolean {
  const otherActorLater = lesson.steps.some((later) => later.number > step.number && later.actor !== step.actor);
  if (!otherActorLater) return false;
  if (waitingIn !== undefined) return SOCKET_WAIT.test(waitingIn);
  return step.checks.some((check) => check.kind === 'blocks');
}
