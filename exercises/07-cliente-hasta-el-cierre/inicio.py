import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    # Completa: lee hasta que recv() devuelva b'' (el servidor cerró).
    datos = s.recv(1024)

print(f"bytes: {len(datos)}")
print(f"sha256: {hashlib.sha256(datos).hexdigest()}")
