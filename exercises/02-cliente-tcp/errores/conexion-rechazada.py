# Se conecta al puerto del documento aunque el taller escuche en otro (PUERTO): nadie responde.
# puerto-fijo: 65432
# espera: ConnectionRefusedError
# espera: Nadie está escuchando en esa dirección y puerto
# espera: Tu programa intentó conectarse a 127.0.0.1:65432, pero el taller escuchaba en 127.0.0.1:
import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect(('127.0.0.1', 65432))
    s.sendall(b'Hola desde el cliente!')
    data = s.recv(1024)
print(f'cliente recibe: {data.decode()}')
