# El puerto del documento está ocupado por otro programa; este lo usa igualmente.
# ocupar-puerto: 65432
# prueba: acepta
# espera: OSError: [Errno 98] Address already in use
# espera: El puerto sigue ocupado
# espera: hizo bind() en 127.0.0.1:65432
# espera: El puerto 65432 del documento ya lo usa otro programa
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
