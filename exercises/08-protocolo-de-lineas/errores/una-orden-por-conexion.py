# Responde a la primera orden y cierra la conexión.
# prueba: responde a SUMA
# espera: la conexión
# espera: sin enviar la respuesta
# espera: Debe atender varias por la misma conexión
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def responder(linea):
    partes = linea.split()
    if partes == ["PING"]:
        return "PONG"
    if len(partes) == 3 and partes[0] == "SUMA":
        try:
            return str(int(partes[1]) + int(partes[2]))
        except ValueError:
            return "ERROR no son enteros"
    return "ERROR orden desconocida"


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            bufer = b""
            while b"\n" not in bufer:
                data = conn.recv(1024)
                if not data:
                    break
                bufer += data
            linea = bufer.partition(b"\n")[0]
            conn.sendall((responder(linea.decode()) + "\n").encode())
