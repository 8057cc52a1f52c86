# Which interpreter answers, and its version: the workshop spawns the real binary behind a shim.
# Printed on one marked line, since a sitecustomize or a noisy shim may print first.
import sys

print("taller-sockets:", sys.executable, "|", *sys.version_info[:3])
