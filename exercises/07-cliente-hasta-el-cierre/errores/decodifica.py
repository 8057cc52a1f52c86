# Decodifica los datos como texto: con datos binarios, UnicodeDecodeError.
# prueba: lee hasta que el servidor cierra
# espera: UnicodeDecodeError
# espera: Los datos son binarios
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

texto = ""
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    while True:
        trozo = s.recv(65536)
        if not trozo:
            break
        texto += trozo.decode()

print(f"bytes: {len(texto)}")
print(f"sha256: {hashlib.sha256(texto.encode()).hexdigest()}")
