# El servidor escucha solo en 127.0.0.1: los clientes IPv6 no llegan.
# prueba: servidor: atiende también por IPv6
# espera: atiende por IPv4 pero no por IPv6
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


def escuchar(familia, direccion):
    s = socket.socket(familia, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if familia == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)  # solo IPv6: el IPv4 va por el otro socket
    s.bind((direccion, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=eco, args=(conn,), daemon=True).start()


def servidor():
    # Dos sockets, solo en loopback: 127.0.0.1 (IPv4) y ::1 (IPv6), cada uno en su hilo.
    hilos = [threading.Thread(target=escuchar, args=(socket.AF_INET, "127.0.0.1"), daemon=True)]
    if False:
        hilos.append(threading.Thread(target=escuchar, args=(socket.AF_INET6, "::1"), daemon=True))
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
