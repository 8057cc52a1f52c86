# Sin SO_REUSEADDR: al reiniciarlo, el puerto sigue en TIME_WAIT y bind() falla.
# prueba: se puede reiniciar enseguida
# espera: Address already in use
# espera: SO_REUSEADDR
import datetime
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65434"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            ahora = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
            conn.sendall((ahora + "\n").encode())
