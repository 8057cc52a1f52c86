# Suma los textos en vez de los números: «SUMA 2 3» da «23».
# prueba: responde a SUMA
# espera: Juntaste los dos textos
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def responder(linea):
    partes = linea.split()
    if partes == ["PING"]:
        return "PONG"
    if len(partes) == 3 and partes[0] == "SUMA":
        return partes[1] + partes[2]
    return "ERROR orden desconocida"

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            bufer = b""
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                bufer += data
                while b"\n" in bufer:
                    linea, _, bufer = bufer.partition(b"\n")
                    conn.sendall((responder(linea.decode()) + "\n").encode())
