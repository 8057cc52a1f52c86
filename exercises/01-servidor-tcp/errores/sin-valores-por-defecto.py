# Lee las variables con os.environ[...]: sin ellas (ejecutado a mano) muere con KeyError.
# puerto-fijo: 65432
# prueba: sin HOST ni PUERTO
# espera: Arranqué tu programa sin las variables HOST y PUERTO
# espera: KeyError
# espera: os.environ.get('PUERTO', '65432')
import os
import socket

HOST = os.environ['HOST']
PORT = int(os.environ['PUERTO'])

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
