# Atiende a un cliente y termina: falta el bucle alrededor de accept().
# prueba: varios clientes
# espera: atendió a un cliente y terminó
# espera: pon accept() dentro de un bucle
import os
import socket

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
