# Envía un str en lugar de bytes.
# prueba: envía
# espera: Tu cliente cerró la conexión sin enviar el mensaje
# espera: TypeError: a bytes-like object is required, not 'str'
# espera: Los sockets envían bytes
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall('Hola desde el cliente!')
    data = s.recv(1024)
print(f'cliente recibe: {data.decode()}')
