"""motcua: the one-stop shop (một cửa) for Vietnamese local government."""

__version__ = "0.1.0"
