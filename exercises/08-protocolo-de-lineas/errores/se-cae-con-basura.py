# int() sin try: con «SUMA dos 3» el servidor muere con ValueError.
# prueba: responde ERROR
# espera: ValueError
# espera: convierte dentro de try/except ValueError
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def responder(linea):
    partes = linea.split()
    if partes == ["PING"]:
        return "PONG"
    if partes and partes[0] == "SUMA":
        if len(partes) != 3:
            return "ERROR faltan números"
        return str(int(partes[1]) + int(partes[2]))
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
