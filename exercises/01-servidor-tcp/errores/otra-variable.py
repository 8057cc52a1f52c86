# Lee el puerto de la variable PORT, que el taller no pone: siempre usa el del documento.
# puerto-fijo: 65432
# espera: no leyó la variable PUERTO
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PORT', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(b'Hola desde el servidor')
