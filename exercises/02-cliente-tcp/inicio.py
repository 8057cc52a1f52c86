# Cliente TCP: completa los pasos marcados con TODO.
import os
import socket

# Dirección y puerto del servidor: los da el taller en HOST y PUERTO; si no, los del documento.
HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

data = b''
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    # TODO 1: conéctate al servidor en (HOST, PORT).
    # TODO 2: envía el mensaje "Hola desde el cliente!" (recuerda: bytes, no texto).
    # TODO 3: recibe la respuesta (hasta 1024 bytes) y guárdala en data.
    pass

print(f'cliente recibe: {data.decode()}')
