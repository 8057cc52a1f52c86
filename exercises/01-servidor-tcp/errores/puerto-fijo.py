# Escucha en el puerto del documento aunque el taller le dé otro en PUERTO.
# puerto-fijo: 65432
# espera: Tu programa escucha en 127.0.0.1:65432, pero debía hacerlo en 127.0.0.1:
# espera: no leyó la variable PUERTO
import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind(('127.0.0.1', 65432))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(b'Hola desde el servidor')
