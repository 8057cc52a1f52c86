# El cliente hace bind() al puerto del servidor: ese puerto ya es del servidor.
# prueba: se conecta
# espera: Address already in use
# espera: Un cliente no necesita bind()
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.connect((HOST, PORT))
    s.sendall(b'Hola desde el cliente!')
    data = s.recv(1024)
print(f'cliente recibe: {data.decode()}')
