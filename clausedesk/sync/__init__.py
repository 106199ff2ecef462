"""Departmental synchronisation: the signed, encrypted monthly package and its building blocks."""
