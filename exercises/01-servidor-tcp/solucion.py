# Servidor TCP del documento, corregido.
import os
import socket

# Dirección y puerto: los da el taller en HOST y PUERTO; si no, los del documento.
HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))  # Vincular el socket a la dirección y el puerto
    s.listen()            # Escuchar conexiones entrantes
    print('Servidor esperando...')
    conn, addr = s.accept()  # Aceptar una conexión: un socket nuevo para hablar con ese cliente
    with conn:
        print('Servidor conectado a', addr)
        while True:
            data = conn.recv(1024)
            if not data:  # b'': el cliente cerró la conexión
                break
            print('El servidor recibe', repr(data))
            conn.sendall(b'Hola desde el servidor')  # bytes, no str
