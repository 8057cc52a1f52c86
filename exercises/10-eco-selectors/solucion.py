import os
import selectors
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
LEER = selectors.EVENT_READ
LEER_Y_ESCRIBIR = selectors.EVENT_READ | selectors.EVENT_WRITE

sel = selectors.DefaultSelector()


def aceptar(servidor):
    conn, addr = servidor.accept()
    conn.setblocking(False)
    sel.register(conn, LEER, data=bytearray())  # data: el búfer de salida de esta conexión


def cerrar(conn):
    sel.unregister(conn)
    conn.close()


def atender(clave, eventos):
    conn, pendiente = clave.fileobj, clave.data
    if eventos & selectors.EVENT_READ:
        try:
            datos = conn.recv(65536)
        except ConnectionError:
            datos = b""
        if not datos:
            cerrar(conn)
            return
        pendiente += datos
        sel.modify(conn, LEER_Y_ESCRIBIR, data=pendiente)
    if eventos & selectors.EVENT_WRITE and pendiente:
        try:
            enviados = conn.send(pendiente)  # puede enviar solo una parte
        except BlockingIOError:
            enviados = 0
        except ConnectionError:
            cerrar(conn)
            return
        del pendiente[:enviados]
        if not pendiente:
            sel.modify(conn, LEER, data=pendiente)


servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind((HOST, PORT))
servidor.listen()
servidor.setblocking(False)
sel.register(servidor, LEER)

while True:
    for clave, eventos in sel.select():
        if clave.fileobj is servidor:
            aceptar(servidor)
        else:
            atender(clave, eventos)
