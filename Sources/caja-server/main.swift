import CajaCore
print("caja-server: not built yet")
