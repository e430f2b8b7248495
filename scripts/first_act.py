#!/usr/bin/env python3
"""The first act of the browser check (issue 14): an owner who has never seen Caja sets up a
shop on an empty server, in headless Chromium, as the README tells: the setup page with the
console's one-time secret, the company and its first admin; then, logged in as that admin,
Configuración: a cashier, two products by form and one by CSV. Screenshots of every settings
page are saved. The register's sales (online and offline) follow in panel-check.sh.

Usage: first_act.py BASE_URL SCREENSHOT_DIR CHROMEDRIVER_PORT SETUP_SECRET
"""
import os, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from webdriver import Browser

BASE, OUT, PORT, SECRET = sys.argv[1:5]
b = Browser(PORT, BASE, OUT)
try:
    b.go("/panel")
    b.check(b.url().endswith("/panel/configuracion-inicial"), "an empty server sends the owner to the setup page")
    b.shot("00-configuracion-inicial")
    setup = "form[action='/panel/configuracion-inicial']"
    b.fill(setup, {"clave_instalacion": SECRET, "nombre_comercial": "Ferretería El Tornillo",
                   "razon_social": "Ferretería El Tornillo, S.A.", "tipo": "2", "ruc": "155596713-2-2015", "dv": "59",
                   "sucursal": "0001", "direccion": "Vía Transístmica, local 4", "ubicacion": "8-8-7",
                   "coordenadas": "+9.0012,-79.5101", "telefono": "6123-4567", "correo": "ventas@eltornillo.com.pa", "puntos": "001",
                   "usuario_admin": "tornillo", "clave_admin": "clave-del-duenio", "clave_admin2": "clave-del-duenio"})
    b.submit(setup, wait=1.5)
    b.check("Empresa creada" in b.dom(), "the setup creates the company and asks for the admin's login")

    login = "form[action='/panel/login']"
    b.fill(login, {"usuario": "tornillo", "clave": "clave-del-duenio"})
    b.submit(login, wait=1)
    b.check(b.url().rstrip("/").endswith("/panel"), "the new admin logs in to the panel")

    b.go("/panel/configuracion/puntos")
    points = "form[action='/panel/configuracion/puntos']"
    b.fill(points, {"codigo": "002", "descripcion": "Caja 2, junto a la entrada"})
    b.submit(points)
    b.check("Caja 2, junto a la entrada" in b.dom(), "the admin adds point of sale 002 with its description")

    b.go("/panel/configuracion/usuarios")
    users = "form[action='/panel/configuracion/usuarios']"
    b.fill(users, {"usuario": "ana", "rol": "cashier", "clave": "clave-de-ana-1"})
    b.submit(users)
    b.check("Usuario agregado" in b.dom() and ">ana<" in b.dom(), "the admin adds the cashier ana")
    b.shot("20-usuarios")

    b.go("/panel/configuracion/productos")
    products = "form[method='post'][action='/panel/configuracion/productos']"
    for code, name, price, rate, unit in [("1001", "Martillo de uña 16 oz", "8,50", "01", "und"),
                                          ("1002", "Clavos 2 pulgadas, libra", "1.25", "01", "lb")]:
        b.fill(products, {"codigo": code, "nombre": name, "precio": price, "tasa": rate, "unidad": unit})
        b.submit(products)
        b.check("Producto agregado" in b.dom() and name in b.dom(), f"the admin adds {name} by the form")
    csv_form = "form[action='/panel/configuracion/productos/importar']"
    if "/panel/configuracion/productos/importar" in b.dom():
        b.shot("21-productos-antes-del-csv")
        # A file from the owner's spreadsheet, chosen in the form's file input.
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as f:
            f.write("codigo;nombre;precio;itbms;unidad\n1003;Cinta métrica 5 m;4,75;01;und\n")
        b.call("POST", f"{b.session}/element/{b.find(csv_form + ' input[type=file]')}/value", {"text": f.name})
        b.submit(csv_form, wait=1)
        os.unlink(f.name)
        b.check("Cinta métrica 5 m" in b.dom(), "the admin imports a product from a CSV file")
        b.fill(csv_form, {"csv": "codigo;nombre;precio;itbms\n1004;Serrucho;tres;01\n"})
        b.submit(csv_form, wait=1)
        b.check('id="import-problems"' in b.dom() and "Serrucho" not in b.dom().split('id="products"')[1].split("</table>")[0],
                "a CSV with a bad price is refused with its problems listed, nothing stored")
    else:
        b.check(False, "the products page offers a CSV import")
    b.shot("21-productos")

    for section, marker in [("empresa", "ubicaciones"), ("certificado", "certificate"), ("puntos", "points"),
                            ("cajas", "devices"), ("bitacora", "audit")]:
        b.go(f"/panel/configuracion/{section}")
        b.check(f'id="{marker}"' in b.dom(), f"Configuración › {section} renders")
        b.shot(f"2{['empresa', 'certificado', 'puntos', 'cajas', 'bitacora'].index(section) + 2}-{section}")
finally:
    b.close()

print(f"first act: {len(b.failures)} failure(s)")
sys.exit(1 if b.failures else 0)
