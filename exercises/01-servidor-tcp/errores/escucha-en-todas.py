# Escucha en todas las interfaces ('') en vez de en HOST: queda expuesto a todas las redes.
# prueba: acepta
# espera: en todas las interfaces, y no en HOST (127.0.0.1)
# espera: expuesto a todas las redes a las que está conectada la computadora
import os
import socket

PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind(('', PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(b'Hola desde el servidor')
