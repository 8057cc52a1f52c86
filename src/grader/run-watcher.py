"""The watcher of one grading run (taller-sockets): nothing of the learner's program outlives
the grader, even after kill -9 of the grader.

Started by the grader with a pipe on its standard input, in a process group of its own. The
grader writes one line per program start: "grupo <pgid>". Given a third argument, a Python file
of the grader's (bringing up a private network's loopback), it runs that first and says on its
standard output "listo" or "fallo": the grader then needs no other Python start for it. When the pipe ends without the line
"fin" first (the grader died: kill -9, a closed terminal), it kills every process group it was
told about and every process whose environment carries the run's mark (Linux /proc: those that
left their group with setsid()), removes the run's temporary folder, and exits. A blocking read
of the pipe: no polling, no thread in the learner's program.

    python3 run-watcher.py <mark-prefix> <folder> [<setup script>]
"""
import os
import shutil
import signal
import sys


def kill_marked(prefix):
    if not os.path.isdir('/proc'):
        return
    needle = prefix.encode()
    me = os.getpid()
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open('/proc/' + entry + '/environ', 'rb') as environ:
                if needle in environ.read():
                    os.kill(int(entry), signal.SIGKILL)
        except Exception:
            pass


def setup(script):
    try:
        with open(script) as source:
            exec(compile(source.read(), script, 'exec'), {'__name__': '__main__', '__file__': script})
        outcome = 'listo'
    except BaseException:
        outcome = 'fallo'
    try:
        sys.stdout.write(outcome + '\n')
        sys.stdout.flush()
        # The grader reads until the pipe ends: close its end here (fd 1 then points at /dev/null).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except Exception:
        pass


def main():
    prefix, folder = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        setup(sys.argv[3])
    groups = set()
    finished = False
    for line in sys.stdin:
        words = line.split()
        if len(words) == 2 and words[0] == 'grupo' and words[1].isdigit():
            groups.add(int(words[1]))
        elif words == ['fin']:
            finished = True
            break
    if finished:
        return
    for group in groups:
        try:
            os.killpg(group, signal.SIGKILL)
        except Exception:
            pass
    for _ in range(3):
        kill_marked(prefix)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    main()
