# Un socket de doble pila en "" (todas las redes): atiende a las dos familias, pero queda expuesto a toda la red.
# prueba: servidor: atiende por IPv4
# espera: en todas las interfaces
import os
import selectors
import socket

PUERTO = int(os.environ.get("PUERTO", "65432"))

if os.environ.get("MODO", "cliente") == "servidor":
    s = socket.create_server(("", PUERTO), family=socket.AF_INET6, dualstack_ipv6=True)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    while True:
        for clave, _ in sel.select():
            if clave.fileobj is s:
                conn, _ = s.accept()
                sel.register(conn, selectors.EVENT_READ)
                continue
            datos = clave.fileobj.recv(4096)
            if datos:
                clave.fileobj.sendall(datos)
            else:
                sel.unregister(clave.fileobj)
                clave.fileobj.close()
else:
    for familia, tipo, proto, _, direccion in socket.getaddrinfo(os.environ.get("DESTINO", "localhost"), PUERTO, type=socket.SOCK_STREAM):
        c = socket.socket(familia, tipo, proto)
        try:
            c.connect(direccion)
            break
        except OSError:
            c.close()
    print("conectado a", c.getpeername()[0])
    c.sendall(b"hola\n")
    linea = b""
    while not linea.endswith(b"\n"):
        trozo = c.recv(100)
        if not trozo:
            break
        linea += trozo
    c.close()
    print("respuesta:", linea.decode().strip())
