# Atiende a los clientes de uno en uno (sin hilos): el segundo no entra mientras el primero sigue.
# prueba: avisa a los que ya están
# espera: Un chat atiende a todos a la vez
import os
import socket
import threading

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

sala = {}  # nombre -> conexión
candado = threading.Lock()


def enviar(conn, texto):
    try:
        conn.sendall((texto + "\n").encode())
    except OSError:
        pass  # ese cliente ya se fue: su propio hilo lo sacará de la sala


def a_los_demas(quien, texto):
    with candado:
        destinos = [c for nombre, c in sala.items() if nombre != quien]
    for c in destinos:
        enviar(c, texto)


def atender(conn):
    nombre = None
    bufer = b""
    try:
        while True:
            try:
                data = conn.recv(1024)
            except ConnectionError:
                break  # la conexión se cortó de golpe
            if not data:
                break
            bufer += data
            while b"\n" in bufer:
                linea, _, bufer = bufer.partition(b"\n")
                texto = linea.decode("utf-8", errors="replace").rstrip("\r")
                if nombre is None:
                    partes = texto.split()
                    if len(partes) != 2 or partes[0] != "NOMBRE":
                        enviar(conn, "ERROR primero di tu nombre: NOMBRE <nombre>")
                        continue
                    with candado:
                        libre = partes[1] not in sala
                        if libre:
                            sala[partes[1]] = conn
                    if not libre:
                        enviar(conn, "ERROR ese nombre ya está en la sala")
                        continue
                    nombre = partes[1]
                    enviar(conn, "HOLA " + nombre)
                    a_los_demas(nombre, "ENTRA " + nombre)
                elif texto == "/quien":
                    with candado:
                        nombres = sorted(sala)
                    enviar(conn, "EN LA SALA: " + ", ".join(nombres))
                elif texto == "/salir":
                    enviar(conn, "ADIOS " + nombre)
                    return
                else:
                    a_los_demas(nombre, nombre + ": " + texto)
    finally:
        if nombre is not None:
            with candado:
                del sala[nombre]
            a_los_demas(nombre, "SALE " + nombre)
        conn.close()


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        atender(conn)
