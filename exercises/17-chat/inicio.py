import os
import socket
import threading

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

sala = {}  # nombre -> conexión
candado = threading.Lock()


def enviar(conn, texto):
    conn.sendall((texto + "\n").encode())


def atender(conn):
    with conn:
        bufer = b""
        while True:
            data = conn.recv(1024)
            if not data:
                break
            bufer += data
            while b"\n" in bufer:
                linea, _, bufer = bufer.partition(b"\n")
                texto = linea.decode("utf-8", errors="replace")
                # Completa: NOMBRE, /quien, /salir y reenviar a los demás.
                enviar(conn, "ERROR sin hacer")


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=atender, args=(conn,), daemon=True).start()
