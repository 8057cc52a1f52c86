# Cliente TCP del documento.
import os
import socket

# Dirección y puerto del servidor: los da el taller en HOST y PUERTO; si no, los del documento.
HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))          # Conectarse al servidor: la dirección va en una tupla
    mensaje = 'Hola desde el cliente!'
    s.sendall(mensaje.encode())      # Los sockets envían bytes
    data = s.recv(1024)              # Recibir la respuesta del servidor
# Al salir del with, el socket se cierra: el cliente cierra primero.

print()
print(f'cliente recibe: {data.decode()}')
