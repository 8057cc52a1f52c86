# Cuenta bien los bytes, pero calcula el SHA-256 solo del último trozo.
# prueba: imprime el tamaño y el SHA-256 de lo recibido
# espera: El tamaño está bien, pero el resumen no
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

total = 0
ultimo = b""
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    while True:
        trozo = s.recv(65536)
        if not trozo:
            break
        total += len(trozo)
        ultimo = trozo

print(f"bytes: {total}")
print(f"sha256: {hashlib.sha256(ultimo).hexdigest()}")
