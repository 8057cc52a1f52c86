# Dos sockets, pero atendidos uno detrás de otro en el mismo hilo: mientras espera en accept() de uno, el otro no avanza.
# prueba: servidor: atiende también por IPv6
# espera: tu servidor no atendió al de IPv4
import os
import socket
import threading

PORT = int(os.environ.get("PUERTO", "65432"))


def cliente():
    destino = os.environ.get("DESTINO", "localhost")
    # create_connection resuelve DESTINO y prueba cada dirección, sea IPv4 o IPv6.
    with socket.create_connection((destino, PORT)) as s:
        print("conectado a", s.getpeername()[0])
        s.sendall(b"hola\n")
        with s.makefile("rb") as entrada:
            linea = entrada.readline()
    print("respuesta:", linea.decode().rstrip("\n"))


def eco(conn):
    with conn:
        while True:
            datos = conn.recv(1024)
            if not datos:
                break
            conn.sendall(datos)


def servidor():
    v4 = socket.create_server(("127.0.0.1", PORT))
    v6 = socket.create_server(("::1", PORT), family=socket.AF_INET6)
    while True:
        for s in (v4, v6):
            conn, addr = s.accept()
            eco(conn)


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
