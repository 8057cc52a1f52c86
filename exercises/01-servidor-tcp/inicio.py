# Servidor TCP: el listado del documento, sin los números de línea.
# Tal cual está, falla. Ejecútalo, lee el error y corrígelo.
import os
import socket

# Dirección y puerto: los da el taller en HOST y PUERTO; si no, los del documento.
HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

# Crear socket TCP/IP
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))  # Vincular el socket a dirección y puerto
    s.listen()            # Escuchar conexiones entrantes
    print()
    print('Servidor esperando...')
    # Aceptar conexión
    conn, addr = s.accept()
    with conn:
        print()
        print('Servidor conectado a', addr)
        while True:
            data = conn.recv(1024)
            if not data:
                break
            print()
            print('El Servidor recibe', repr(data))
            conn.sendall('Hola desde el servidor')
