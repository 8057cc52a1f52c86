import os
import socket

PORT = int(os.environ.get("PUERTO", "65432"))


def cliente():
    destino = os.environ.get("DESTINO", "localhost")
    # Completa: así solo funciona con IPv4.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((destino, PORT))
        print("conectado a", s.getpeername()[0])
        s.sendall(b"hola\n")
        print("respuesta:", s.recv(1024).decode().rstrip("\n"))


def servidor():
    # Completa: escucha por IPv4 y por IPv6.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", PORT))
        s.listen()
        while True:
            conn, addr = s.accept()
            with conn:
                while True:
                    datos = conn.recv(1024)
                    if not datos:
                        break
                    conn.sendall(datos)


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
