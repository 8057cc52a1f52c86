# Escucha en el puerto correcto, pero en ::1 (IPv6) en lugar de HOST.
# prueba: acepta
# espera: Tu programa escucha en [::1]:
# espera: revisa la dirección: usa HOST
import os
import socket

PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
    s.bind(('::1', PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(b'Hola desde el servidor')
