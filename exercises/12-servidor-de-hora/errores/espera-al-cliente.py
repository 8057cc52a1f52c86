# Envía la hora y espera a que el cliente cierre: en este protocolo cierra el servidor.
# prueba: y cierra primero
# espera: tu servidor no cerró la conexión
# espera: el servidor cierra primero
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
            conn.sendall((ahora + "\n").encode())
            while conn.recv(1024):
                pass
