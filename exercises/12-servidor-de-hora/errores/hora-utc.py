# Envía la hora UTC en vez de la hora local.
# prueba: envía a un cliente la fecha y la hora
# espera: Esa es la hora UTC
import datetime
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65434"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    # Cerramos primero cada conexión: el TIME_WAIT es nuestro; así podemos reiniciar enseguida.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            ahora = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")
            conn.sendall((ahora + "\n").encode())
