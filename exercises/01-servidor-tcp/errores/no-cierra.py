# Sin «if not data: break»: cuando el cliente cierra, sigue dando vueltas y nunca cierra.
# prueba: cierra
# espera: Cerré el cliente, pero tu servidor no cerró la conexión
# espera: if not data: break
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if data:
                conn.sendall(b'Hola desde el servidor')
