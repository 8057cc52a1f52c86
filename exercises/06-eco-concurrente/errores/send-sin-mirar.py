# Con selectors, pero envía con send() sin mirar cuántos bytes salieron: pierde datos con un cliente lento.
# prueba: no pierde datos
# espera: send() no envió todo
import os
import selectors
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

sel = selectors.DefaultSelector()
servidor = socket.socket()
servidor.bind((HOST, PORT))
servidor.listen()
servidor.setblocking(False)
sel.register(servidor, selectors.EVENT_READ)

while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if sock is servidor:
            conn, _ = servidor.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ)
            continue
        data = sock.recv(65536)
        if not data:
            sel.unregister(sock)
            sock.close()
            continue
        try:
            sock.send(data)  # puede enviar solo una parte: el resto se pierde
        except BlockingIOError:
            pass
