# Decodifica cada trozo: falla cuando un carácter UTF-8 llega partido.
# espera: UnicodeDecodeError
# espera: un carácter pudo llegar partido
# espera: Un servidor de eco no necesita decodificar
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                texto = data.decode()
                conn.sendall(texto.encode())
