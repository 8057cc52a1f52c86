# Un solo recv(): se queda con el primer trozo y cierra.
# prueba: lee hasta que el servidor cierra
# espera: Tu cliente cerró la conexión cuando yo solo había enviado
# espera: Solo b'' significa
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    datos = s.recv(65536)

print(f"bytes: {len(datos)}")
print(f"sha256: {hashlib.sha256(datos).hexdigest()}")
