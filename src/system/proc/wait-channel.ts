import { readFile } from 'node:fs/promises';

/** What the Linux kernel says a blocked process waits in (/proc/PID/wchan), in the learner's words. */
const CHANNELS: Array<[RegExp, string]> = [
  [/inet_csk_accept/, 'esperando una conexión en accept()'],
  [/wait_woken|sk_wait_data|tcp_recvmsg|skb_wait_for_more_packets|__skb_wait/, 'esperando datos (recv) o la conexión (connect)'],
  [/inet_wait_for_connect/, 'esperando a que se complete connect()'],
  [/sk_stream_wait_memory/, 'esperando sitio en el búfer de envío (send)'],
  [/do_select|do_sys_poll|ep_poll|poll_schedule_timeout/, 'esperando en select()/poll()'],
  [/futex/, 'esperando a otro hilo (lock, join...)'],
  [/hrtimer_nanosleep|do_nanosleep/, 'durmiendo (time.sleep)'],
];

/** undefined where the OS does not tell (not Linux, or nothing recognisable). */
export async function describeWaitChannel(pid: number | undefined): Promise<string | undefined> {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  const channel = await readFile(`/proc/${pid}/wchan`, 'utf8').catch(() => '');
  return CHANNELS.find(([pattern]) => pattern.test(channel))?.[1];
}
