# Imprime los bytes recibidos sin decodificar: cliente recibe: b'...'
# prueba: imprime
# espera: La línea que imprime tu programa no es la esperada
# espera: b'...' dentro
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b'Hola desde el cliente!')
    data = s.recv(1024)
print(f'cliente recibe: {data}')
