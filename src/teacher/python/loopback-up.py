# Brings up `lo` in the current network namespace (a fresh one starts with it down), the way
# src/net/netns/capture.py does: SIOCGIFFLAGS / SIOCSIFFLAGS, so that iproute2 is not needed.
# Then uses it once for real; any failure ends with a non-zero exit.
import fcntl
import socket
import struct

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
request = struct.pack('16sH14s', b'lo', 0, b'\0' * 14)
flags = struct.unpack('16sH14s', fcntl.ioctl(s, 0x8913, request))[1]
if not flags & 1:
    fcntl.ioctl(s, 0x8914, struct.pack('16sH14s', b'lo', flags | 1, b'\0' * 14))
probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
probe.bind(('127.0.0.1', 0))
probe.listen()
client = socket.create_connection(probe.getsockname(), timeout=2)
client.close()
probe.close()
