# Cierra la conexión, pero vuelve a accept() y no termina nunca.
# prueba: cierra
# espera: el programa sigue en marcha
# espera: Este servidor atiende a un solo cliente
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(b'Hola desde el servidor')
