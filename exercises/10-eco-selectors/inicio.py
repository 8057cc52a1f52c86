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
servidor.setblocking(False)
sel.register(servidor, selectors.EVENT_READ)

while True:
    for clave, eventos in sel.select():
        if clave.fileobj is servidor:
            conn, addr = servidor.accept()
            # Completa: registra conn en el selector, en modo no bloqueante, con su búfer de salida.
            conn.close()
        else:
            # Completa: lee, guarda en el búfer de salida y envíalo con EVENT_WRITE.
            pass
