# Atiende a un cliente y termina, pero tarda un poco en salir: mientras tanto el sistema completa
# la conexión del siguiente cliente (la escucha sigue abierta), que luego se corta.
# prueba: varios clientes
# espera: atendió a un cliente y terminó
# espera: pon accept() dentro de un bucle
import os
import socket
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
    time.sleep(0.5)  # limpia algo antes de salir; la escucha sigue abierta
