# Servidor de eco que atiende a los clientes de uno en uno.
# Funciona... hasta que un cliente se conecta y no dice nada: entonces los demás esperan.
# TODO: haz que atienda a cada cliente sin bloquear a los demás (threading, selectors o asyncio).
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))


def atender(conn, addr):
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f'Servidor de eco en {HOST}:{PORT}')
    while True:
        conn, addr = s.accept()
        atender(conn, addr)
