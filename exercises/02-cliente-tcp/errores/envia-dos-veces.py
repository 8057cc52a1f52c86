# Después de recibir la respuesta, envía otro mensaje: el enunciado pide uno solo.
# prueba: no envía nada más
# espera: Después de recibir la respuesta, tu cliente envió además
# espera: una sola vez, y nada más
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b'Hola desde el cliente!')
    data = s.recv(1024)
    s.sendall(b'Gracias!')
print(f'cliente recibe: {data.decode()}')
