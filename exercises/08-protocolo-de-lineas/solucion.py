import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def responder(linea):
    """La respuesta (sin el salto de línea) a una orden."""
    partes = linea.split()
    if partes == ["PING"]:
        return "PONG"
    if partes and partes[0] == "SUMA":
        if len(partes) != 3:
            return "ERROR SUMA necesita dos números"
        try:
            return str(int(partes[1]) + int(partes[2]))
        except ValueError:
            return "ERROR SUMA solo suma enteros"
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
                # Cada línea completa es una orden; lo que quede es el principio de la siguiente.
                while b"\n" in bufer:
                    linea, _, bufer = bufer.partition(b"\n")
                    respuesta = responder(linea.decode("utf-8", errors="replace"))
                    conn.sendall((respuesta + "\n").encode())
