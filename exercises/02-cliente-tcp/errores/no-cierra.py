# Espera a que el servidor cierre primero (recv en bucle hasta b''): nadie cierra.
# prueba: cierra
# espera: tu cliente no cerró la conexión
# espera: Este servidor no cierra primero
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b'Hola desde el cliente!')
    data = b''
    while True:
        chunk = s.recv(1024)
        if not chunk:
            break
        data += chunk
print(f'cliente recibe: {data.decode()}')
