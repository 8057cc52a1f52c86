# Installed by taller-sockets while grading: limits memory, records socket addresses (bind/connect/sendto).
import os as _os
import sys as _sys

def _taller_sockets_memory():
    # A program that allocates without end gets MemoryError instead of taking the machine's memory.
    # RLIMIT_DATA (heap and private mappings), not RLIMIT_AS: every thread reserves address space
    # it never uses (512 MB of address space is a dozen threads; of data, sixty). Only where there
    # is no limit yet (calificar may set its own); inherited by the processes the program starts.
    try:
        megabytes = int(_os.environ.get('TALLER_SOCKETS_MEMORIA_MB', '0'))
        if megabytes <= 0:
            return
        import resource
        wanted = megabytes * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if soft == resource.RLIM_INFINITY:
            resource.setrlimit(resource.RLIMIT_DATA, (wanted, wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)))
    except Exception:
        pass

_taller_sockets_memory()
del _taller_sockets_memory

def _taller_sockets_audit():
    path = _os.environ.get('TALLER_SOCKETS_AUDIT')
    if not path:
        return
    import json
    import time
    import weakref
    watched = {'socket.bind': 'bind', 'socket.connect': 'connect', 'socket.sendto': 'sendto'}
    count = [0]
    bound = []

    def bound_again(sock, address):
        # Is a socket this program bound before, still open, already on this port? Then this
        # bind() fails because of the program itself, not another program.
        if not isinstance(address, tuple) or len(address) < 2 or not address[1]:
            return None
        for ref in bound:
            other = ref()
            try:
                if other is not None and other.fileno() != -1 and other.getsockname()[1] == address[1]:
                    return 'same-socket' if other is sock else 'other-socket'
            except Exception:
                pass
        return None

    def hook(event, args):
        name = watched.get(event)
        if name is None or count[0] >= 200:
            return
        try:
            sock, address = args[0], args[1]
            again = bound_again(sock, address) if name == 'bind' else None
            if name == 'bind' and len(bound) < 50:
                bound.append(weakref.ref(sock))
            if isinstance(address, tuple):
                address = [address[0] if isinstance(address[0], str) else repr(address[0])] + [a for a in address[1:2]]
            else:
                address = [repr(address)]
            record = {'event': name, 'pid': _os.getpid(), 'family': int(sock.family), 'type': int(sock.type), 'address': address, 'at': int(time.time() * 1000)}
            if again:
                record['again'] = again
            line = json.dumps(record) + '\n'
            count[0] += 1
            fd = _os.open(path, _os.O_WRONLY | _os.O_APPEND | _os.O_CREAT, 0o600)
            try:
                _os.write(fd, line.encode())
            finally:
                _os.close(fd)
        except Exception:
            pass

    _sys.addaudithook(hook)

_taller_sockets_audit()
del _taller_sockets_audit

def _taller_sockets_wait_for_start():
    # A start prepared ahead (the grader's next restart of this program): Python is up, and the
    # program's own code waits here until the grader says go, on the pipe named by this variable,
    # with the values of HOST and PUERTO for this start (null: unset). The end of the pipe without
    # a word (the grader put this start away), or anything unexpected: leave without running it.
    fd = _os.environ.pop('TALLER_SOCKETS_ARRANQUE', None)
    if fd is None:
        return
    try:
        fd = int(fd)
        data = b''
        while not data.endswith(b'\n'):
            chunk = _os.read(fd, 65536)
            if not chunk:
                _os._exit(0)
            data += chunk
        _os.close(fd)
        import json
        for name, value in json.loads(data.decode()).items():
            if value is None:
                _os.environ.pop(name, None)
            else:
                _os.environ[name] = value
    except BaseException:
        _os._exit(0)

_taller_sockets_wait_for_start()
del _taller_sockets_wait_for_start
