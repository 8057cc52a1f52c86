# Servidor de eco TCP: este esqueleto atiende a un cliente y lee una sola vez.
# Complétalo para que devuelva TODO lo que envía cada cliente y atienda a uno detrás de otro.
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f'Servidor de eco en {HOST}:{PORT}')
    # TODO 1: atiende a un cliente detrás de otro (un bucle alrededor de accept()).
    conn, addr = s.accept()
    with conn:
        # TODO 2: repite recv() hasta que devuelva b'' y devuelve cada trozo.
        data = conn.recv(1024)
        conn.sendall(data)
