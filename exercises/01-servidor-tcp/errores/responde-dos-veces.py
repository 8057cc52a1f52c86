# Contesta exactamente a dos mensajes y cierra: el taller envía un número distinto cada vez (tres o más).
# prueba: cada mensaje
# espera: Respondió a 2 mensajes y cerró
# espera: un número fijo de veces
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        for _ in range(2):
            conn.recv(1024)
            conn.sendall(b'Hola desde el servidor')
