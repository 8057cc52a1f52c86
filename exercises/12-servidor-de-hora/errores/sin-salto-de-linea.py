# Envía la hora sin el salto de línea y no cierra: el cliente no sabe que la línea acabó.
# prueba: envía a un cliente la fecha y la hora
# espera: sin el salto de línea
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
            ahora = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
            conn.sendall(ahora.encode())
            conn.recv(1024)
