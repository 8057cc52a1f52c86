import datetime
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65434"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    # Completa: ¿qué hace falta para poder reiniciarlo enseguida?
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            # Completa: envía la fecha y la hora (AAAA-MM-DD hh:mm) en una línea.
            pass
