# Error del documento: sendall() con un str.
# prueba: responde
# espera: TypeError: a bytes-like object is required, not 'str'
# espera: Los sockets envían bytes
# espera: conn.sendall('Hola desde el servidor')
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
            if not data:
                break
            conn.sendall('Hola desde el servidor')
