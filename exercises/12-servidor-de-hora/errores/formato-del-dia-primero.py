# Escribe la fecha como día/mes/año.
# prueba: envía a un cliente la fecha y la hora
# espera: formato AAAA-MM-DD hh:mm
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
            ahora = datetime.datetime.now().strftime("%d/%m/%Y %H:%M")
            conn.sendall((ahora + "\n").encode())
