"""taller-sockets network holder: keeps a private network namespace alive and captures its packets.

Started by Node as `unshare -r -n [-u] python capture.py ...` (or, for a second host, through
nsenter into the first one's user namespace and `unshare -n -u`). It brings loopback up, optionally
names the host, then reads every frame of this namespace with an AF_PACKET socket and streams one
JSON line per TCP/UDP segment (and ICMP "port unreachable") to stdout. Only this namespace exists
for the socket: the real network is never seen, nor touched.

Requests arrive on stdin, one JSON object per line:
  {"op": "mark", "id": n}                 drain what is captured so far, then answer {"ev": "mark"}
  {"op": "probe", "id": n, "protocol": "tcp"|"udp", "host": ..., "port": ..., "payload": ...}
Closing stdin (Node gone) ends the process, and with it the namespace.
"""
import fcntl
import json
import os
import select
import socket
import struct
import sys
import threading
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
TCP_FLAGS = [(0x02, "SYN"), (0x01, "FIN"), (0x04, "RST"), (0x08, "PSH"), (0x10, "ACK"), (0x20, "URG")]
TEXT_LIMIT = 200
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
TIMESPEC = struct.Struct("@qq")

_out_lock = threading.Lock()
_out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)


def send(event):
    line = json.dumps(event, ensure_ascii=False)
    with _out_lock:
        _out.write(line + "\n")
        _out.flush()


def now_ms():
    # CLOCK_MONOTONIC, the clock Node's process.hrtime() reads: both sides compare times directly.
    return time.monotonic_ns() / 1e6


def interface_up(name):
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        request = struct.pack("16sH14s", name.encode(), 0, b"\0" * 14)
        flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request)[:18])[1]
        if not flags & IFF_UP:
            fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14s", name.encode(), flags | IFF_UP, b"\0" * 14))
    finally:
        probe.close()


def printable_text(payload):
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return text[:TEXT_LIMIT]
    return None


class Decoder:
    """IPv4/IPv6 + TCP/UDP/ICMP, with sequence numbers relative to each direction's first one."""

    def __init__(self):
        self.isn = {}

    def decode(self, frame, ethertype):
        if ethertype == ETH_P_IP and len(frame) >= 20 and frame[0] >> 4 == 4:
            ihl = (frame[0] & 0x0F) * 4
            total = struct.unpack("!H", frame[2:4])[0]
            proto = frame[9]
            src = socket.inet_ntop(socket.AF_INET, frame[12:16])
            dst = socket.inet_ntop(socket.AF_INET, frame[16:20])
            body = frame[ihl:total]
            family = 4
        elif ethertype == ETH_P_IPV6 and len(frame) >= 40 and frame[0] >> 4 == 6:
            length = struct.unpack("!H", frame[4:6])[0]
            proto = frame[6]
            src = socket.inet_ntop(socket.AF_INET6, frame[8:24])
            dst = socket.inet_ntop(socket.AF_INET6, frame[24:40])
            body = frame[40:40 + length]
            family = 6
        else:
            return None
        if proto == 6:
            return self.tcp(family, src, dst, body)
        if proto == 17:
            return self.udp(family, src, dst, body)
        if (proto == 1 and family == 4) or (proto == 58 and family == 6):
            return self.icmp(family, src, dst, body)
        return None

    def tcp(self, family, src, dst, body):
        if len(body) < 20:
            return None
        sport, dport, seq, ack, offset, flag_bits = struct.unpack("!HHIIBB", body[:14])
        payload = body[(offset >> 4) * 4:]
        flags = [name for bit, name in TCP_FLAGS if flag_bits & bit]
        forward = (src, sport, dst, dport)
        backward = (dst, dport, src, sport)
        if flag_bits & 0x02 or forward not in self.isn:
            # A new SYN starts the count again (a port reused after TIME_WAIT is a new connection).
            self.isn[forward] = seq
            if flag_bits & 0x02 and not flag_bits & 0x10:
                self.isn.pop(backward, None)
        segment = {
            "proto": "tcp", "family": family, "src": src, "sport": sport, "dst": dst, "dport": dport,
            "flags": flags, "seq": (seq - self.isn[forward]) % 2**32, "len": len(payload),
        }
        if flag_bits & 0x10:
            segment["ack"] = (ack - self.isn[backward]) % 2**32 if backward in self.isn else ack
        if payload:
            segment["text"] = printable_text(payload)
        return segment

    def udp(self, family, src, dst, body):
        if len(body) < 8:
            return None
        sport, dport, length = struct.unpack("!HHH", body[:6])
        payload = body[8:length]
        segment = {"proto": "udp", "family": family, "src": src, "sport": sport, "dst": dst, "dport": dport, "len": len(payload)}
        if payload:
            segment["text"] = printable_text(payload)
        return segment

    def icmp(self, family, src, dst, body):
        # Only "port unreachable": the answer to a datagram nobody was waiting for.
        if len(body) < 8:
            return None
        kind, code = body[0], body[1]
        if not ((family == 4 and kind == 3 and code == 3) or (family == 6 and kind == 1 and code == 4)):
            return None
        inner = body[8:]
        if family == 4 and len(inner) >= 28:
            ihl = (inner[0] & 0x0F) * 4
            orig_src = socket.inet_ntop(socket.AF_INET, inner[12:16])
            orig_dst = socket.inet_ntop(socket.AF_INET, inner[16:20])
            ports = inner[ihl:ihl + 4]
        elif family == 6 and len(inner) >= 48:
            orig_src = socket.inet_ntop(socket.AF_INET6, inner[8:24])
            orig_dst = socket.inet_ntop(socket.AF_INET6, inner[24:40])
            ports = inner[40:44]
        else:
            return None
        if len(ports) < 4:
            return None
        orig_sport, orig_dport = struct.unpack("!HH", ports)
        return {
            "proto": "icmp", "family": family, "src": src, "dst": dst, "kind": "port-unreachable",
            "orig": {"src": orig_src, "sport": orig_sport, "dst": orig_dst, "dport": orig_dport},
            "len": 0,
        }


class Holder:
    def __init__(self, host, interfaces):
        self.host = host
        self.interfaces = interfaces
        self.decoder = Decoder()
        self.probe_ports = set()
        self.sockets = []

    def open_capture(self):
        if self.interfaces:
            for name in self.interfaces:
                sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
                sock.bind((name, 0))
                self.sockets.append(sock)
        else:
            self.sockets.append(socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL)))
        for sock in self.sockets:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
            # The kernel's time for each frame: when we read it may be later than when the step ended.
            sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            sock.setblocking(False)

    def drain(self, sock):
        # Kernel stamps are wall-clock time; Node compares with CLOCK_MONOTONIC.
        offset_ns = time.time_ns() - time.monotonic_ns()
        while True:
            try:
                frame, ancillary, _flags, address = sock.recvmsg(65535, socket.CMSG_SPACE(TIMESPEC.size))
            except (BlockingIOError, InterruptedError):
                return
            stamp = None
            for level, kind, data in ancillary:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= TIMESPEC.size:
                    seconds, nanoseconds = TIMESPEC.unpack(data[:TIMESPEC.size])
                    stamp = (seconds * 1_000_000_000 + nanoseconds - offset_ns) / 1e6
            ifname, ethertype, pkttype = address[0], address[1], address[2]
            # Loopback shows every frame twice (sent and received): keep the received copy.
            if ifname == "lo" and pkttype == PACKET_OUTGOING:
                continue
            segment = self.decoder.decode(frame, ethertype)
            if segment is None:
                continue
            segment["t"] = stamp if stamp is not None else now_ms()
            segment["iface"] = ifname
            segment["host"] = self.host
            if self.is_probe(segment):
                segment["probe"] = True
            send({"ev": "seg", **segment})

    def is_probe(self, segment):
        ports = {segment.get("sport"), segment.get("dport")}
        orig = segment.get("orig")
        if orig:
            ports |= {orig["sport"], orig["dport"]}
        return bool(ports & self.probe_ports)

    def drain_all(self):
        for sock in self.sockets:
            self.drain(sock)

    def probe(self, request):
        try:
            result, detail = (self.probe_tcp if request["protocol"] == "tcp" else self.probe_udp)(request)
        except Exception as exc:  # a probe must always answer
            result, detail = "error", repr(exc)
        # Its port, so that the other host (which sees the same segments on the cable) can tell them apart.
        send({"ev": "probe", "id": request["id"], "result": result, "detail": detail, "port": request.get("local_port")})

    def bound_probe_socket(self, kind, request):
        host = request["host"]
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, kind)
        # Bound first, so its port is known (and its segments marked) before the first one leaves.
        sock.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
        request["local_port"] = sock.getsockname()[1]
        self.probe_ports.add(request["local_port"])
        return sock

    def probe_tcp(self, request):
        sock = self.bound_probe_socket(socket.SOCK_STREAM, request)
        sock.settimeout(1.0)
        try:
            sock.connect((request["host"], request["port"]))
            return "connected", None
        except ConnectionRefusedError:
            return "refused", None
        except socket.timeout:
            return "timeout", None
        except OSError as exc:
            return "error", exc.strerror or repr(exc)
        finally:
            # A reset: no TIME_WAIT left by the probe.
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            sock.close()

    def probe_udp(self, request):
        sock = self.bound_probe_socket(socket.SOCK_DGRAM, request)
        try:
            sock.connect((request["host"], request["port"]))
            sock.send(request.get("payload", "sonda").encode())
            sock.settimeout(0.15)
            try:
                sock.recv(1)
            except ConnectionRefusedError:
                return "refused", None
            except socket.timeout:
                pass
            return ("delivered", None) if udp_queue_has_data(request["port"]) else ("error", "el datagrama no aparece en la cola del receptor")
        except ConnectionRefusedError:
            return "refused", None
        except OSError as exc:
            return "error", exc.strerror or repr(exc)
        finally:
            sock.close()

    def serve(self):
        requests = sys.stdin.buffer
        readers = [requests.fileno()] + [sock.fileno() for sock in self.sockets]
        by_fd = {sock.fileno(): sock for sock in self.sockets}
        pending = b""
        while True:
            ready, _, _ = select.select(readers, [], [])
            for fd in ready:
                if fd in by_fd:
                    self.drain(by_fd[fd])
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    return
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if line.strip():
                        self.handle(json.loads(line))

    def handle(self, request):
        op = request.get("op")
        if op == "mark":
            # Every segment sent before this request is already queued on our sockets: drain them.
            self.drain_all()
            send({"ev": "mark", "id": request["id"], "t": now_ms()})
        elif op == "probe":
            threading.Thread(target=self.probe, args=(request,), daemon=True).start()
        else:
            send({"ev": "error", "id": request.get("id"), "message": f"unknown op {op!r}"})


def udp_queue_has_data(port):
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name, encoding="ascii") as table:
                lines = table.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 4 and int(fields[1].split(":")[1], 16) == port and int(fields[4].split(":")[1], 16) > 0:
                return True
    return False


def main(argv):
    host = "A"
    hostname = None
    interfaces = []
    check = False
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag == "--host":
            host = args.pop(0)
        elif flag == "--hostname":
            hostname = args.pop(0)
        elif flag == "--only":
            interfaces.append(args.pop(0))
        elif flag == "--check":
            check = True
    try:
        interface_up("lo")
        if hostname:
            socket.sethostname(hostname)
        holder = Holder(host, interfaces)
        holder.open_capture()
    except OSError as exc:
        send({"ev": "failed", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    send({"ev": "ready", "pid": os.getpid(), "hostname": socket.gethostname(), "t": now_ms()})
    if check:
        return 0
    holder.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
