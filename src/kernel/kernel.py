"""taller-sockets kernel: runs a learner's steps one at a time in one persistent namespace.

Protocol: one JSON object per line. Requests arrive on the original stdin; events leave on a
duplicate of the original stdout. fd 1 is pointed at stderr so that raw writes from learner code
(os.write(1, ...), C extensions) can never corrupt the event stream.
"""
# Only what every start needs is imported here: socket, traceback and struct load where they are
# first used (a kernel is started for every actor of every lesson, and each import costs ms).
import _ast
import gc
import json
import os
import signal
import sys
import threading
import time
from _queue import SimpleQueue  # the C queue: `import queue` would cost ms at every start

# Started with -S (see kernel-client.ts): no site-packages and no .pth file runs at each start.
# The names site would have added that a learner may type in a step:
if not hasattr(__builtins__, "exit"):
    import _sitebuiltins
    __builtins__.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    __builtins__.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")

KERNEL_FILE = os.path.abspath(__file__)

# How long the orphan watchdog lets this kernel end cleanly (connections reset) before killing it.
ORPHAN_GRACE_S = 0.5


def start_orphan_watchdog():
    """A backstop for the control-pipe watcher (below): a step that keeps Python busy inside one C
    call (sum(range(10**10))) never lets that thread run. A forked process of our group, that
    holds nothing but the request pipe, waits for Node's end of it to close without reading it,
    gives this kernel a moment to end cleanly, then kills the whole group (itself included).
    Forked first thing, while no thread exists; POSIX only (the watcher thread works everywhere)."""
    if os.name != "posix" or not hasattr(os, "fork") or os.getpgrp() != os.getpid():
        return
    import select
    if not hasattr(select, "poll"):
        return
    if os.fork():
        return
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 1)  # never hold the kernel's output pipes open
        os.dup2(quiet, 2)
        poller = select.poll()
        poller.register(0, 0)  # no events asked for: only the hang-up, always reported
        while not any(events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in poller.poll()):
            pass
        time.sleep(ORPHAN_GRACE_S)
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(0)


start_orphan_watchdog()

_event_out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
_requests_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
# Requests read by the control-pipe watcher (below), taken one at a time by the main thread.
_requests = SimpleQueue()
# input() inside a step must read EOF, never the next protocol line.
_null_in = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null_in, 0)
sys.stdin = open(os.devnull, "r", encoding="utf-8")

# Node writes this request when it leaves (any exit path it controls); the watcher acts on it at
# once, even while a step blocks the main thread.
ABORT_OP = "abort"


def open_tcp_sockets():
    if "socket" not in sys.modules:
        return []  # nothing imported socket, so no socket.socket can exist
    import socket
    return [obj for obj in gc.get_objects()
            if isinstance(obj, socket.socket) and obj.fileno() != -1 and obj.type == socket.SOCK_STREAM]


def abort_connections():
    """SO_LINGER (on, 0) on every TCP socket: when it closes (or the process ends), each connection
    is reset, so none is left in TIME_WAIT (the server side on the document's port would block the
    next bind() for a minute)."""
    sockets = open_tcp_sockets()
    if not sockets:
        return
    import socket
    import struct
    linger_zero = struct.pack("ii", 1, 0)
    for sock in sockets:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_zero)
        except OSError:
            pass


def end_with_parent():
    """Node is gone or leaving: reset every connection and take the whole process group along
    (whatever learner code started), from whichever thread notices."""
    try:
        abort_connections()
    except BaseException:
        pass
    if os.name == "posix":
        try:
            if os.getpgrp() == os.getpid():  # only our own group (Node starts us as its leader)
                os.killpg(os.getpid(), signal.SIGKILL)
        except OSError:
            pass
    os._exit(0)


def watch_control_pipe():
    """Reads every request in a thread of its own, so the end of the pipe is seen even while a step
    blocks the main thread in accept() or recv(): Node's end closes however Node dies (kill -9
    included), and this process must not outlive it."""
    try:
        for line in _requests_in:
            line = line.strip()
            if not line:
                continue
            request = json.loads(line)
            if request.get("op") == ABORT_OP:
                break
            _requests.put(request)
    except (OSError, ValueError):
        pass
    end_with_parent()


_send_lock = threading.Lock()
_current_request = None
_running_learner_code = False


def send(event):
    line = json.dumps(event, ensure_ascii=False, default=repr)
    with _send_lock:
        _event_out.write(line + "\n")
        _event_out.flush()


class StreamToEvents:
    """A text stream that forwards every write as a 'stream' event, live."""

    def __init__(self, name):
        self.name = name
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text):
        if text:
            send({"ev": "stream", "id": _current_request, "stream": self.name, "text": str(text)})
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def fileno(self):
        return 2


sys.stdout = StreamToEvents("stdout")
sys.stderr = StreamToEvents("stderr")


class RawOutputCapture:
    """Raw writes to fd 1 (os.write, C extensions) go to a pipe that a thread forwards as
    'stdout' events, so they reach the step that made them and can never corrupt the protocol.
    Where pipes cannot be polled (Windows), fd 1 simply points at stderr."""

    def __init__(self):
        self.lock = threading.Lock()
        self.read_fd = None
        if os.name != "posix":
            os.dup2(2, 1)
            return
        import select
        self.select = select.select
        self.read_fd, write_fd = os.pipe()
        os.dup2(write_fd, 1)
        os.close(write_fd)
        os.set_blocking(self.read_fd, False)
        threading.Thread(target=self.pump, name="taller-raw-stdout", daemon=True).start()

    def forward_available(self):
        while True:
            try:
                data = os.read(self.read_fd, 65536)
            except BlockingIOError:
                return
            if not data:
                return
            send({"ev": "stream", "id": _current_request, "stream": "stdout",
                  "text": data.decode("utf-8", "replace")})

    def pump(self):
        while True:
            readable, _, _ = self.select([self.read_fd], [], [], 0.05)
            if readable:
                with self.lock:
                    self.forward_available()

    def drain(self):
        """Called before a step's reply: every raw byte it wrote is sent first."""
        if self.read_fd is not None:
            with self.lock:
                self.forward_available()


_raw_output = RawOutputCapture()


def on_sigint(_signum, _frame):
    # Only learner code may be interrupted; the kernel's own loop keeps running.
    if _running_learner_code:
        raise KeyboardInterrupt


signal.signal(signal.SIGINT, on_sigint)

namespace = {"__name__": "__main__", "__builtins__": __builtins__}

# Every address learner code binds, connects or sends to, as written (PEP 578 audit hooks see the
# call even when it then fails): lets the workshop prove its lessons only ever touch loopback.
_step_addresses = []
_AUDITED = {"socket.bind": "bind", "socket.connect": "connect", "socket.sendto": "sendto"}


def _audit(event, args):
    name = _AUDITED.get(event)
    if name is None or len(_step_addresses) >= 100:
        return
    try:
        address = args[1]
        if isinstance(address, tuple):
            entry = {"event": name, "host": str(address[0]), "port": address[1] if len(address) > 1 else None}
        else:
            entry = {"event": name, "path": address.decode("utf-8", "replace") if isinstance(address, bytes) else str(address)}
        _step_addresses.append(entry)
    except Exception:
        pass


sys.addaudithook(_audit)


def enum_name(enum_type, value):
    try:
        return enum_type(value).name
    except ValueError:
        return str(value)


def format_address(addr):
    if isinstance(addr, tuple) and len(addr) >= 2:
        return {"host": addr[0], "port": addr[1]}
    if isinstance(addr, (bytes, bytearray)):
        addr = addr.decode("utf-8", "replace")
    if isinstance(addr, str):
        return {"path": addr}
    return {"raw": repr(addr)}


def describe_socket(name, sock):
    import socket
    info = {"name": name, "closed": sock.fileno() == -1}
    info["fd"] = sock.fileno()
    info["family"] = enum_name(socket.AddressFamily, sock.family)
    info["type"] = enum_name(socket.SocketKind, sock.type)
    info["proto"] = sock.proto
    if info["closed"]:
        return info
    try:
        info["local"] = format_address(sock.getsockname())
    except OSError:
        info["local"] = None
    try:
        info["remote"] = format_address(sock.getpeername())
    except OSError:
        info["remote"] = None
    try:
        info["listening"] = bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
    except (OSError, AttributeError):
        info["listening"] = None
    try:
        info["reuseaddr"] = bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
    except OSError:
        info["reuseaddr"] = None
    info["timeout"] = sock.gettimeout()
    info["blocking"] = sock.getblocking()
    return info


def sockets_in(ns):
    """Every socket reachable from the namespace, also inside tuples, lists and dicts."""
    found = []
    if "socket" not in sys.modules:
        return found  # nothing imported socket, so no socket.socket can exist
    import socket
    seen = set()

    def visit(label, value, depth):
        if isinstance(value, socket.socket):
            if id(value) not in seen:
                seen.add(id(value))
                found.append((label, value))
        elif depth < 2 and isinstance(value, (tuple, list)):
            for index, item in enumerate(value):
                visit(f"{label}[{index}]", item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in list(value.items()):
                visit(f"{label}[{key!r}]", item, depth + 1)

    for key, value in list(ns.items()):
        if not key.startswith("__"):
            visit(key, value, 0)
    return found


def snapshot():
    result = []
    for label, sock in sockets_in(namespace):
        try:
            result.append(describe_socket(label, sock))
        except Exception as exc:  # a half-built subclass must not break the step reply
            result.append({"name": label, "error": repr(exc)})
    return result


def describe_exception(exc, filename):
    import traceback
    tb = traceback.extract_tb(exc.__traceback__)
    learner_frames = [frame for frame in tb if frame.filename != KERNEL_FILE]
    line = None
    for frame in learner_frames:
        if frame.filename == filename:
            line = frame.lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno
    formatted = "".join(traceback.format_list(learner_frames))
    formatted += "".join(traceback.format_exception_only(type(exc), exc))
    return {
        "type": type(exc).__name__,
        "module": type(exc).__module__,
        "mro": [cls.__name__ for cls in type(exc).__mro__],
        "message": str(exc),
        "errno": getattr(exc, "errno", None),
        "code": exc.code if isinstance(exc, SystemExit) else None,
        "line": line,
        "traceback": formatted,
    }


def compile_step(code, filename):
    """Compile like a REPL cell: a trailing expression is evaluated and its repr returned."""
    # What ast.parse does, through the built-in _ast: importing ast costs ms at every start.
    tree = compile(code, filename, "exec", _ast.PyCF_ONLY_AST)
    trailing = None
    if tree.body and isinstance(tree.body[-1], _ast.Expr):
        trailing = _ast.Expression(tree.body.pop().value)
    body = compile(tree, filename, "exec")
    tail = compile(trailing, filename, "eval") if trailing is not None else None
    return body, tail


def run_step(request):
    global _running_learner_code
    filename = request.get("filename") or "<paso>"
    started = time.perf_counter()
    send({"ev": "started", "id": request["id"]})
    del _step_addresses[:]
    value = None
    error = None
    interrupted = False
    try:
        body, tail = compile_step(request["code"], filename)
        _running_learner_code = True
        try:
            exec(body, namespace)
            if tail is not None:
                result = eval(tail, namespace)
                if result is not None:
                    value = repr(result)
        finally:
            _running_learner_code = False
    except KeyboardInterrupt as exc:
        interrupted = True
        error = describe_exception(exc, filename)
    except BaseException as exc:  # SystemExit included: the kernel must survive every step
        error = describe_exception(exc, filename)
    elapsed_ms = (time.perf_counter() - started) * 1000
    _raw_output.drain()
    send({
        "ev": "done",
        "id": request["id"],
        "value": value,
        "error": error,
        "interrupted": interrupted,
        "ms": elapsed_ms,
        "sockets": snapshot(),
        "addresses": list(_step_addresses),
    })


def port_is_free(request):
    import socket
    kind = socket.SOCK_DGRAM if request.get("kind") == "udp" else socket.SOCK_STREAM
    host = request.get("host") or "127.0.0.1"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, kind)
    try:
        # No SO_REUSEADDR: a port in TIME_WAIT must count as busy, as it will for the learner.
        probe.bind((host, request["port"]))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def teardown():
    """Close every socket the learner opened, resetting connections so no TIME_WAIT remains."""
    if "socket" not in sys.modules:
        return 0  # nothing imported socket, so no socket.socket can exist
    import socket
    abort_connections()
    closed = 0
    for obj in gc.get_objects():
        if isinstance(obj, socket.socket) and obj.fileno() != -1:
            obj.close()
            closed += 1
    return closed


def serve():
    global _current_request
    threading.Thread(target=watch_control_pipe, name="taller-control-pipe", daemon=True).start()
    send({
        "ev": "ready",
        "pid": os.getpid(),
        "python": ".".join(map(str, sys.version_info[:3])),
        "executable": sys.executable,
    })
    while True:
        request = _requests.get()
        op = request.get("op")
        _current_request = request.get("id")
        if op == "exec":
            run_step(request)
        elif op == "snapshot":
            send({"ev": "done", "id": request["id"], "sockets": snapshot()})
        elif op == "port-free":
            send({"ev": "done", "id": request["id"], "free": port_is_free(request)})
        elif op == "teardown":
            send({"ev": "done", "id": request["id"], "closed": teardown()})
        else:
            send({"ev": "done", "id": request["id"], "protocolError": f"unknown op {op!r}"})


if __name__ == "__main__":
    serve()
