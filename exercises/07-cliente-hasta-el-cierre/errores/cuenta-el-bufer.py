# Suma el tamaño del búfer (65536) en vez de lo que devolvió recv().
# prueba: imprime el tamaño y el SHA-256 de lo recibido
# espera: Cuentas más bytes de los que envié
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
        if not trozo:
            break
        resumen.update(trozo)
        total += 65536

print(f"bytes: {total}")
print(f"sha256: {resumen.hexdigest()}")
