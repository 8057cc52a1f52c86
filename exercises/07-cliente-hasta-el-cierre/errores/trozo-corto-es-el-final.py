# Cree que un recv() que devuelve menos de lo pedido es el final: se va en la primera pausa.
# prueba: lee hasta que el servidor cierra
# espera: Tu cliente cerró la conexión cuando yo solo había enviado
# espera: un recv() que devuelve menos bytes de los que pediste
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

datos = b""
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    while True:
        trozo = s.recv(4096)
        datos += trozo
        if len(trozo) < 4096:
            break

print(f"bytes: {len(datos)}")
print(f"sha256: {hashlib.sha256(datos).hexdigest()}")
