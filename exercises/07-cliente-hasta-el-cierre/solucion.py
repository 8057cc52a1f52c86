import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

resumen = hashlib.sha256()
total = 0
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    while True:
        trozo = s.recv(65536)
        if not trozo:  # b'': el servidor cerró, ya no llegará nada más
            break
        resumen.update(trozo)
        total += len(trozo)

print(f"bytes: {total}")
print(f"sha256: {resumen.hexdigest()}")
