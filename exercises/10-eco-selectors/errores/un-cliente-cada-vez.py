# Con selectors para accept(), pero atiende a cada cliente en un bucle de recv() hasta que se va.
# prueba: con un solo hilo y un solo proceso
# espera: Tu servidor no atiende a todos a la vez
import os
import selectors
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

sel = selectors.DefaultSelector()
servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind((HOST, PORT))
servidor.listen()
sel.register(servidor, selectors.EVENT_READ)

while True:
    for clave, eventos in sel.select():
        conn, addr = servidor.accept()
        with conn:
            while True:
                datos = conn.recv(65536)
                if not datos:
                    break
                conn.sendall(datos)
