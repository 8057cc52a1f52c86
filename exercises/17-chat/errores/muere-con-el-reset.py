# No atrapa ConnectionResetError: el hilo del que desaparece muere sin sacarlo de la sala.
# prueba: desaparece de golpe
# espera: Un hilo de tu programa terminó con
# espera: ConnectionResetError
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
    while True:
        data = conn.recv(1024)  # si la conexión se corta, ConnectionResetError mata el hilo aquí
        if not data:
            break
        bufer += data
        while b"\n" in bufer:
            linea, _, bufer = bufer.partition(b"\n")
            texto = linea.decode("utf-8", errors="replace").rstrip("\r")
            if nombre is None:
                partes = texto.split()
                if len(partes) != 2 or partes[0] != "NOMBRE" or partes[1] in sala:
                    enviar(conn, "ERROR dime tu nombre: NOMBRE <nombre>")
                    continue
                nombre = partes[1]
                with candado:
                    sala[nombre] = conn
                enviar(conn, "HOLA " + nombre)
                a_los_demas(nombre, "ENTRA " + nombre)
            elif texto == "/quien":
                with candado:
                    nombres = sorted(sala)
                enviar(conn, "EN LA SALA: " + ", ".join(nombres))
            elif texto == "/salir":
                enviar(conn, "ADIOS " + nombre)
                bufer = b""
                data = b""
                break
            else:
                a_los_demas(nombre, nombre + ": " + texto)
        if data == b"":
            break
    # Solo se llega aquí con /salir o con b'': no con una excepción.
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
        threading.Thread(target=atender, args=(conn,), daemon=True).start()
