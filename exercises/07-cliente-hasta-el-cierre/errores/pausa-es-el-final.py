# Toma una pausa por el final: con settimeout(0.5), se va cuando el servidor tarda.
# prueba: lee hasta que el servidor cierra
# espera: Tu cliente cerró la conexión cuando yo solo había enviado
# espera: o que tarda, no es el final
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65433"))

datos = b""
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.settimeout(0.5)
    try:
        while True:
            trozo = s.recv(65536)
            if not trozo:
                break
            datos += trozo
    except socket.timeout:
        pass

print(f"bytes: {len(datos)}")
print(f"sha256: {hashlib.sha256(datos).hexdigest()}")
