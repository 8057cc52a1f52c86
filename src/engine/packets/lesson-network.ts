import type { LaunchWrapper } from '../../kernel/kernel-client.js';
import type { SocketSnapshot } from '../../kernel/protocol.js';
import type { Lesson, Step } from '../../lessons/model.js';
import { knownUnavailability } from '../../net/netns/availability.js';
import { NetnsError, type ProbeAnswer, type ProbeRequest } from '../../net/netns/namespace-host.js';
import { PrivateNetwork, planHosts, type PlannedHost } from '../../net/netns/private-network.js';
import { readTcpTable, type SocketTable } from '../../system/proc/socket-table.js';
import { applyHostPlan, usesHostAddress } from './host-plan.js';
import { PacketTrace, type StepPackets } from './packet-trace.js';

/**
 * The packets view: 'on' (segments captured and shown), 'off' (not asked for, or turned off),
 * 'unavailable' (asked for, or needed, where the OS cannot make private networks).
 */
export interface PacketsStatus {
  state: 'on' | 'off' | 'unavailable';
  /** Why it is off or unavailable, in Spanish. */
  reason?: string;
  /** The lesson places its actors on two hosts, and they exist. */
  twoHosts: boolean;
  hosts: PlannedHost[];
}

export interface NetworkOptions {
  /** true/false: the learner's choice (--paquetes / --no-paquetes); undefined: on when the lesson uses it. */
  packets?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** What a session needs from the network its actors live in (the machine's own, or a private one). */
export interface LessonNetwork {
  /** The lesson with the hosts' addresses in place of `$IP_<host>`. */
  lesson: Lesson;
  status: PacketsStatus;
  launchWrapper?: (actor: string) => LaunchWrapper | undefined;
  /** Why this step cannot run here (it needs two hosts that do not exist), or undefined. */
  skipReason(step: Step): string | undefined;
  readTcpTable(): Promise<SocketTable>;
  /** A probe from inside the private network (the actor's host); undefined on the machine's own network. */
  probe?: (actor: string, request: ProbeRequest) => Promise<ProbeAnswer>;
  beginStep(actor: string): number | undefined;
  endStep(step: Step, start: number | undefined, sockets: SocketSnapshot[]): Promise<StepPackets | undefined>;
  /** Every segment of the lesson so far (packets view on), and where each step began and ended. */
  trace?: PacketTrace;
  /** Stops capturing: what the engine does at the end (resets) is not the lesson's. */
  stop(): void;
  close(): Promise<void>;
}

const NO_TWO_HOSTS =
  'este paso necesita dos máquinas (dos espacios de nombres de red unidos por un cable virtual) y aquí no se pueden crear';

/** Whether a lesson uses packet checks (so the view turns itself on). */
function usesPackets(lesson: Lesson): boolean {
  return lesson.steps.some((step) => step.checks.some((check) => check.kind === 'packets' || check.kind === 'handshake-before-accept' || check.kind === 'first-fin'));
}

function hostNames(lesson: Lesson): string[] {
  return lesson.machines ? [...new Set(Object.values(lesson.machines))].sort() : ['A'];
}

function stepsNeedingTwoHosts(lesson: Lesson): Set<number> {
  return new Set(lesson.steps
    .filter((step) => step.checks.some((check) => check.kind === 'requires' && check.what === 'dos_maquinas') || usesHostAddress(step.code))
    .map((step) => step.number));
}

/**
 * Decides where the lesson's actors live and opens it: a private network when the packets view is
 * on or the lesson has two hosts (and the OS allows it), the machine's own network otherwise.
 */
export async function openLessonNetwork(original: Lesson, options: NetworkOptions = {}): Promise<LessonNetwork> {
  const names = hostNames(original);
  const hosts = planHosts(names);
  const lesson = applyHostPlan(original, hosts);
  const twoHosts = names.length > 1;
  const wanted = options.packets ?? (usesPackets(original) || twoHosts);
  const needTwo = stepsNeedingTwoHosts(original);
  if (!wanted && !twoHosts) {
    return ownNetwork(lesson, { state: 'off', reason: offReason(options), twoHosts: false, hosts }, needTwo);
  }
  const known = knownUnavailability();
  if (known) return ownNetwork(lesson, { state: 'unavailable', reason: known, twoHosts: false, hosts }, needTwo);
  let network: PrivateNetwork;
  try {
    network = await PrivateNetwork.open(hosts, options.env);
  } catch (error) {
    if (!(error instanceof NetnsError)) throw error;
    return ownNetwork(lesson, { state: 'unavailable', reason: error.message, twoHosts: false, hosts }, needTwo);
  }
  const status: PacketsStatus = wanted
    ? { state: 'on', twoHosts, hosts }
    : { state: 'off', reason: offReason(options), twoHosts, hosts };
  return privateNetwork(lesson, status, network, hosts);
}

function offReason(options: NetworkOptions): string {
  return options.packets === false ? 'la vista de paquetes está desactivada (--no-paquetes)' : 'la vista de paquetes no está activada (--paquetes)';
}

/** The machine's own network: no capture; steps that need two hosts are skipped. */
function ownNetwork(lesson: Lesson, status: PacketsStatus, needTwo: Set<number>): LessonNetwork {
  const twoPlanned = status.hosts.length > 1;
  return {
    lesson,
    status,
    skipReason: (step) => (twoPlanned && needTwo.has(step.number) ? `${NO_TWO_HOSTS}: ${status.reason ?? ''}`.replace(/: $/, '') : undefined),
    readTcpTable,
    beginStep: () => undefined,
    endStep: async () => undefined,
    stop: () => undefined,
    close: async () => undefined,
  };
}

function privateNetwork(lesson: Lesson, status: PacketsStatus, network: PrivateNetwork, hosts: PlannedHost[]): LessonNetwork {
  const actorHosts = new Map(lesson.actors.map((actor) => [actor, lesson.machines?.[actor] ?? hosts[0]!.name]));
  const trace = new PacketTrace(network, hosts, actorHosts);
  const hostOf = (actor: string): string => actorHosts.get(actor) ?? hosts[0]!.name;
  return {
    lesson,
    status,
    trace: status.state === 'on' ? trace : undefined,
    launchWrapper: (actor) => network.host(hostOf(actor)).launchWrapper,
    skipReason: () => undefined,
    readTcpTable: () => network.readTcpTable(),
    probe: async (actor, request) => {
      const answer = await network.host(hostOf(actor)).probe(request);
      trace.forgetProbePort(answer.port);
      return answer;
    },
    beginStep: (actor) => (status.state === 'on' ? trace.begin(actor) : undefined),
    endStep: async (step, start, sockets) => {
      trace.learn(step.actor, sockets);
      return start === undefined ? undefined : trace.end(step, start);
    },
    stop: () => trace.stop(),
    close: async () => {
      trace.stop();
      network.close();
    },
  };
}

